import { loadDefaultJapaneseParser } from "budoux";
import { Fragment } from "react";

// Japanese lines break at phrase boundaries (issue 11, item 5). Chromium does it with CSS
// `word-break: auto-phrase` (app.css); for other browsers, headings rendered through <Phrase>
// get a <wbr> between BudouX phrases, and app.css keeps their words whole (`keep-all`). The
// same split runs on the server and in the browser, so hydration matches. Use it for short
// texts (titles, labels), not for every cell of a long table.
const parser = loadDefaultJapaneseParser();

export function Phrase({ children }: { children: string }) {
  const phrases = parser.parse(children);
  if (phrases.length < 2) return <>{children}</>;
  return (
    <>
      {phrases.map((phrase, i) => (
        <Fragment key={i}>
          {i > 0 ? <wbr /> : null}
          {phrase}
        </Fragment>
      ))}
    </>
  );
}
