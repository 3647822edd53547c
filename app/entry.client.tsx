import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { HydrationMarker } from "~/ui/hydration-marker";
import { NonceProvider } from "~/ui/nonce";

// The same tree as entry.server.tsx renders, element for element: React derives useId's ids
// (the ids of forms, fields and their messages) from the tree's shape, and a difference makes
// every form of a page opened directly fall back to a full document POST.
startTransition(() => {
  hydrateRoot(
    document,
    <StrictMode>
      <NonceProvider value="">
        <RemixBrowser />
      </NonceProvider>
      <HydrationMarker />
    </StrictMode>,
  );
});
