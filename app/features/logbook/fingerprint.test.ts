import { describe, expect, it } from "vitest";
import { canonicalJson, entryFingerprint, shortFingerprint, type EntryContent } from "./fingerprint";

const content: EntryContent = {
  entryId: 1,
  placementId: 2,
  version: 1,
  workDate: "2026-06-10",
  startTime: "10:00",
  endTime: "11:00",
  minutes: 60,
  taskKind: "consultation",
  pglPhase: "it_strategy",
  micRole: null,
  department: "情報政策課",
  activity: "職員向けシステム相談会に同席",
  contribution: "",
  reflection: "",
  trainerFeedback: "",
  correctionReason: null,
};
const approval = { by: "trainer-1", at: "2026-06-11T00:00:00.000Z" };

describe("entryFingerprint", () => {
  it("is stable whatever the order of keys", () => {
    const reordered = Object.fromEntries(Object.entries(content).reverse()) as EntryContent;
    expect(entryFingerprint(reordered, { approval })).toBe(entryFingerprint(content, { approval }));
    expect(entryFingerprint(content, { approval })).toMatch(/^[0-9a-f]{64}$/);
  });

  it("changes when any content or signature changes", () => {
    const base = entryFingerprint(content, { approval });
    expect(entryFingerprint({ ...content, minutes: 61 }, { approval })).not.toBe(base);
    expect(entryFingerprint({ ...content, activity: "職員向けシステム相談会に同席。" }, { approval })).not.toBe(base);
    expect(entryFingerprint(content, { approval: { ...approval, by: "trainer-2" } })).not.toBe(base);
    const confirmed = entryFingerprint(content, {
      approval,
      counterpart: { name: "山形 太郎", department: "情報政策課", at: "2026-06-12T00:00:00.000Z" },
    });
    expect(confirmed).not.toBe(base);
  });

  it("sorts keys at every depth and shortens for display", () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[2,{"e":0,"f":1}]},"b":1}',
    );
    expect(shortFingerprint("0123456789abcdef0123")).toBe("0123 4567 89ab cdef");
  });
});
