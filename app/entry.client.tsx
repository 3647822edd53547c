import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode, useEffect } from "react";
import { hydrateRoot } from "react-dom/client";

// Marks the document once React has hydrated it (effects run after the commit), so the e2e
// sweep can wait for hydration and then check that it raised no error.
function HydrationMarker() {
  useEffect(() => {
    document.documentElement.dataset.hydrated = "true";
  }, []);
  return null;
}

startTransition(() => {
  hydrateRoot(
    document,
    <StrictMode>
      <RemixBrowser />
      <HydrationMarker />
    </StrictMode>,
  );
});
