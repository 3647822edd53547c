import { loadDefaultJapaneseParser } from "budoux";
import type { Page } from "@playwright/test";
import { expect, test } from "./support/fixtures";

// Issue 11, item 5: at 375 px, Japanese headings and labels wrap between phrases, never inside
// a word (「ダッシュ／ボード」). Each wrapped line of a heading or label is found from the
// rectangles of its characters; every place where a new line starts must be a BudouX phrase
// boundary or a word's edge (after a space or punctuation, between Japanese and Latin).
test.use({ viewport: { width: 375, height: 800 } });

const parser = loadDefaultJapaneseParser();

/** For each wrapped heading/label: its text and the character offsets where its lines start. */
async function lineStarts(page: Page, selector: string) {
  return page.locator(selector).evaluateAll((elements) =>
    elements.flatMap((el) => {
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      let text = "";
      let lastTop: number | null = null;
      const starts: number[] = [];
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const value = node.nodeValue ?? "";
        for (let i = 0; i < value.length; i++) {
          const range = document.createRange();
          range.setStart(node, i);
          range.setEnd(node, i + 1);
          const rect = range.getClientRects()[0];
          if (rect && rect.width > 0 && !/\s/.test(value[i] ?? "")) {
            if (lastTop !== null && rect.top > lastTop + rect.height / 2) starts.push(text.length + i);
            lastTop = rect.top;
          }
        }
        text += value;
      }
      return starts.length > 0 ? [{ tag: el.tagName.toLowerCase(), text, starts }] : [];
    }),
  );
}

// Chromium's own segmentation also breaks after list punctuation and between Japanese and a
// Latin word (「自治体／DX推進」); neither splits a word. Digits stay with their counter (「第1回」).
const PUNCTUATION_BEFORE = /[\s・、。，．）」』】〕/／:：]/;
const isLatin = (c: string | undefined) => /[A-Za-z]/.test(c ?? "");
const isJapanese = (c: string | undefined) => /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u.test(c ?? "");
const wordEdge = (text: string, i: number) =>
  PUNCTUATION_BEFORE.test(text[i - 1] ?? "") ||
  (isJapanese(text[i - 1]) && isLatin(text[i])) ||
  (isLatin(text[i - 1]) && isJapanese(text[i]));

function breaksInsideWords(wrapped: { tag: string; text: string; starts: number[] }[]) {
  return wrapped.flatMap(({ tag, text, starts }) => {
    const boundaries = new Set<number>();
    let at = 0;
    for (const phrase of parser.parse(text)) boundaries.add((at += phrase.length));
    return starts
      .filter((i) => !boundaries.has(i) && !wordEdge(text, i))
      .map((i) => `<${tag}> ${text.slice(0, i)}／${text.slice(i)}`);
  });
}

const SELECTOR = "main h1, main h2, main h3, main th, main label, header a";

test("the trainee's dashboard: headings wrap between phrases", async ({ page, signInAs }) => {
  await signInAs("trainee");
  await page.goto("/dashboard");
  const wrapped = await lineStarts(page, SELECTOR);
  // The page title is long enough to wrap at 375 px; the check must have something to check.
  expect(wrapped.map((w) => w.tag)).toContain("h1");
  expect(breaksInsideWords(wrapped)).toEqual([]);
});

for (const { path, as } of [
  { path: "/courses", as: null },
  { path: "/my/training", as: "trainee" },
  { path: "/staff/courses", as: "staff" },
  { path: "/engagements/new", as: "trainer" },
  { path: "/register", as: null },
] as const) {
  test(`${path}: headings and labels wrap between phrases`, async ({ page, signInAs }) => {
    if (as) await signInAs(as);
    await page.goto(path);
    expect(breaksInsideWords(await lineStarts(page, SELECTOR))).toEqual([]);
  });
}
