import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { signInSheetData } from "~/features/cohorts/cohort-pages.server";
import printCss from "~/features/cohorts/components/print.css";
import { SignInSheetPage } from "~/features/cohorts/components/sign-in-sheet";

export const meta: MetaFunction = () => [{ title: "署名簿 | ITC研修ポータル" }];
export const links: LinksFunction = () => [{ rel: "stylesheet", href: printCss }];

export async function loader(args: LoaderFunctionArgs) {
  return signInSheetData(args, "staff");
}

export default SignInSheetPage;
