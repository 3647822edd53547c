import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { AUDIT_LABELS, auditActionLabel, auditActorLabel } from "./labels";

const APP = path.resolve(__dirname, "../..");

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return sourceFiles(p);
    return /\.tsx?$/.test(d.name) && !/\.test\.tsx?$/.test(d.name) ? [p] : [];
  });
}

// Keys made from a value: their values, spelled out (a new template fails the test until added).
const TEMPLATES: Record<string, string[]> = {
  "ojt_placement.${to}": ["proposed", "accepted", "active", "declined", "cancelled", "ended"].map(
    (s) => `ojt_placement.${s}`,
  ),
  'certificate.${to === "valid" ? "reinstate" : to === "suspended" ? "suspend" : "revoke"}': [
    "certificate.reinstate",
    "certificate.suspend",
    "certificate.revoke",
  ],
  "enrollment.outlook_${outlook}": ["enrollment.outlook_at_risk", "enrollment.outlook_impossible"],
};

/** Every event key the code writes: the `action` of each `audit(handle, { … })` call. */
function writtenKeys(): { keys: Set<string>; unknownTemplates: string[]; calls: number } {
  const keys = new Set<string>();
  const unknownTemplates: string[] = [];
  let calls = 0;
  for (const file of sourceFiles(APP)) {
    const source = fs.readFileSync(file, "utf8");
    for (const call of source.matchAll(/\baudit\(\w+, \{/g)) {
      calls++;
      const body = source.slice(call.index + call[0].length, call.index + call[0].length + 600);
      const start = body.indexOf("action:");
      const end = body.indexOf("entityType", start);
      expect(start, `${file}: an audit() call without an action`).toBeGreaterThanOrEqual(0);
      const action = body.slice(start, end);
      for (const m of action.matchAll(/"([a-z_]+(?:\.[a-z_]+)+)"/g)) keys.add(m[1]!);
      for (const m of action.matchAll(/`([^`]*)`/g)) {
        const template = m[1]!;
        if (!template.includes("${")) keys.add(template);
        else if (TEMPLATES[template]) TEMPLATES[template].forEach((k) => keys.add(k));
        else unknownTemplates.push(`${path.relative(APP, file)}: ${template}`);
      }
    }
  }
  return { keys, unknownTemplates, calls };
}

describe("the audit label catalogue", () => {
  it("has a Japanese label for every event key the code writes", () => {
    const { keys, unknownTemplates, calls } = writtenKeys();
    expect(calls).toBeGreaterThan(50);
    expect(keys.size).toBeGreaterThan(90);
    expect(unknownTemplates).toEqual([]);
    expect([...keys].filter((k) => !(k in AUDIT_LABELS)).sort()).toEqual([]);
    for (const label of Object.values(AUDIT_LABELS)) expect(label).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
  });

  it("never shows a raw key", () => {
    expect(auditActionLabel("ojt_counterpart.requested")).toBe("自治体の担当者に確認を依頼");
    expect(auditActionLabel("something.new")).not.toContain("something");
  });

  it("credits the counterpart's answer to the counterpart, not to the system", () => {
    expect(auditActorLabel(null, { responderName: "山形 花子", responderDepartment: "総務部 DX推進課" })).toBe(
      "山形 花子さん（自治体の担当者・総務部 DX推進課）",
    );
    expect(auditActorLabel(null, { responderName: "山形 花子", responderEmail: "hanako@city.example.jp" })).toBe(
      "山形 花子さん（自治体の担当者・hanako@city.example.jp）",
    );
    expect(auditActorLabel("佐藤 一郎", { responderName: "x" })).toBe("佐藤 一郎");
    expect(auditActorLabel(null, {})).toBe("システム");
  });
});
