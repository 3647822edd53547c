import { createCookie } from "@remix-run/node";
import { cookiesAreSecure } from "~/env.server";
import { TOKEN_LIFETIME_MINUTES } from "./tokens.server";

// The trusted-browser token that the unlock link leaves in the owner's browser: with it,
// the account-wide sign-in limit does not apply to that browser (decision 0007).
let cookie: ReturnType<typeof createCookie> | undefined;
function deviceCookie() {
  cookie ??= createCookie("itc_device", {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure: cookiesAreSecure(),
    maxAge: TOKEN_LIFETIME_MINUTES.trusted_device * 60,
  });
  return cookie;
}

export async function readDeviceToken(request: Request): Promise<string | null> {
  const value: unknown = await deviceCookie().parse(request.headers.get("Cookie"));
  return typeof value === "string" ? value : null;
}

export function serializeDeviceToken(token: string): Promise<string> {
  return deviceCookie().serialize(token);
}
