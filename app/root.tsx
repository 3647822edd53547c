import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  isRouteErrorResponse,
  useLoaderData,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { useEffect, type ReactNode } from "react";
import appCss from "~/app.css";
import { db } from "~/db.server";
import { optionalUser } from "~/features/auth/session.server";
import { countUnread } from "~/features/notifications/outbox.server";
import { ErrorPage, isConnectionError, OfflinePage } from "~/ui/error-page";
import { SiteFooter, SiteHeader } from "~/ui/layout";
import { useNonce } from "~/ui/nonce";
import { countAwaitingApproval } from "~/features/logbook/entries.server";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: appCss },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: "ITC研修ポータル" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await optionalUser({ request, context });
  const unread = user ? await countUnread(db(), user.id) : 0;
  const navCounts = user?.roles.includes("trainer") ? { approvals: await countAwaitingApproval(db(), user.id) } : {};
  return { user: user ? { id: user.id, name: user.name, roles: user.roles } : null, unread, navCounts };
}

export type RootData = Awaited<ReturnType<typeof loader>>;

/** The root's data as last loaded in this browser (see Layout). */
let lastRootData: RootData | undefined;

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  const live = useRouteLoaderData<typeof loader>("root");
  const error = useRouteError();
  // The root's data as last loaded. A navigation without a connection fails as a whole (single
  // fetch), the root's data with it: the header then keeps showing who is signed in rather
  // than falling back to the signed-out one (they still are signed in).
  // Kept outside React: the error boundary may mount the layout afresh, losing its state.
  useEffect(() => {
    if (live) lastRootData = live;
  }, [live]);
  const data = live ?? (isConnectionError(error) ? lastRootData : undefined);
  return (
    <html lang="ja">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body className="flex min-h-screen flex-col">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:bg-white focus:p-2"
        >
          本文へ移動
        </a>
        <SiteHeader user={data?.user ?? null} unread={data?.unread ?? 0} navCounts={data?.navCounts} />
        <main id="main" tabIndex={-1} className="mx-auto w-full max-w-[90rem] flex-1 px-4 py-6 md:px-6 md:py-8">
          {children}
        </main>
        <SiteFooter />
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  useLoaderData<typeof loader>();
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const signedIn = Boolean(useRouteLoaderData<typeof loader>("root")?.user);
  if (isRouteErrorResponse(error)) {
    const message =
      typeof error.data === "object" && error.data && "message" in error.data ? String(error.data.message) : undefined;
    return <ErrorPage status={error.status} message={message} signedIn={signedIn} />;
  }
  if (isConnectionError(error)) return <OfflinePage />;
  return <ErrorPage status={500} signedIn={signedIn} />;
}
