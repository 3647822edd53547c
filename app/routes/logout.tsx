import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { endSession } from "~/features/auth/session.server";

// Sign-out is a POST only: a link or an image cannot sign anybody out.
export async function action({ request, context }: ActionFunctionArgs) {
  const cookie = await endSession({ request, context });
  return redirect("/login?notice=signed-out", { headers: { "Set-Cookie": cookie } });
}

export function loader() {
  return redirect("/");
}
