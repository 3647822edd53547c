import { data } from "@remix-run/node";

// Any address no other route takes. Without this route Remix answers such a request without
// running the root loader, so its 404 page showed the signed-out header to someone signed in,
// with a way back that did not fit them. Through a route, the root loader runs as on any page.

export function loader(): never {
  throw data(null, { status: 404 });
}

export function action(): never {
  throw data(null, { status: 404 });
}

/** Never rendered: the loader always refuses, and the root's error boundary answers. */
export default function NotFound() {
  return null;
}
