import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { signInSheetData } from "~/features/attendance/attendance-page.server";
import printCss from "~/features/attendance/components/print.css";
import { SignInSheetPage } from "~/features/attendance/components/sign-in-sheet";

export const meta: MetaFunction = () => [{ title: "署名簿 | ITC研修ポータル" }];
export const links: LinksFunction = () => [{ rel: "stylesheet", href: printCss }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  return signInSheetData(request, params, "trainer");
}

export default SignInSheetPage;
