import { createCookie } from "@remix-run/node";
import { cookiesAreSecure } from "~/env.server";

// The scanning browser's id (issue 21): a scan before signing in draws a pass for this browser,
// which only the same browser exchanges for a pass of its user once signed in. A forwarded
// check-in address arrives without it.
let cookie: ReturnType<typeof createCookie> | undefined;
function scanDeviceCookie() {
  cookie ??= createCookie("itc_check_in_device", {
    httpOnly: true,
    sameSite: "lax",
    path: "/check-in",
    secure: cookiesAreSecure(),
    // Longer than a pass lives (3 minutes): signing in may take a while.
    maxAge: 60 * 60,
  });
  return cookie;
}

export async function readScanDevice(request: Request): Promise<string | null> {
  const value: unknown = await scanDeviceCookie().parse(request.headers.get("Cookie"));
  return typeof value === "string" && /^[A-Za-z0-9_-]{16,64}$/.test(value) ? value : null;
}

export function serializeScanDevice(device: string): Promise<string> {
  return scanDeviceCookie().serialize(device);
}
