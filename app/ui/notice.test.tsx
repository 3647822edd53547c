import { renderToString } from "react-dom/server";
import { MemoryRouter } from "react-router-dom";
import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { NOTICES, noticeMessage } from "~/lib/notices";
import { Notice } from "./notice";

const render = (url: string, page: Parameters<typeof Notice>[0]["page"]) =>
  renderToString(
    <MemoryRouter initialEntries={[url]}>
      <Notice page={page} />
    </MemoryRouter>,
  );

describe("<Notice>", () => {
  it("shows the page's message for its code", () => {
    expect(render("/login?notice=signed-out", "login")).toContain("サインアウトしました。");
    expect(render("/staff/cohorts/1?notice=created", "cohort")).toContain("開催回を作成しました。");
    expect(render("/staff/courses/1?notice=created", "staffCourse")).toContain("講座を作成しました。");
  });

  it("shows nothing for no code, an unknown one, or a name every object has", () => {
    for (const code of ["", "nope", "constructor", "__proto__", "toString", "hasOwnProperty"])
      expect(render(`/login?notice=${code}`, "login"), code).toBe("");
    expect(render("/login", "login")).toBe("");
    // A code of another page is not this page's.
    expect(noticeMessage("dashboard", "signed-out")).toBeUndefined();
  });
});

describe("the notice codes the app redirects with", () => {
  it("each have a message on some page", () => {
    const known = new Set(Object.values(NOTICES).flatMap((messages) => Object.keys(messages)));
    const lines = execFileSync(
      "git",
      ["grep", "-h", "-o", "-E", "notice=[a-z-]+", "--", "app/routes", "app/features"],
      {
        encoding: "utf8",
      },
    );
    const used = new Set(
      lines
        .split("\n")
        .filter(Boolean)
        .map((l) => l.slice("notice=".length)),
    );
    expect(used.size).toBeGreaterThan(10);
    expect([...used].filter((code) => !known.has(code))).toEqual([]);
  });
});
