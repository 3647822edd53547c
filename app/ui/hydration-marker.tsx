import { useEffect } from "react";

/**
 * Marks the document once React has hydrated it (effects run after the commit), so the e2e
 * sweep can wait for hydration and then check that it raised no error. Rendered by both entry
 * files at the same place: React's ids (useId, which names forms) depend on the shape of the
 * tree, so the server's and the browser's trees must be the same (see entry.server.tsx).
 */
export function HydrationMarker() {
  useEffect(() => {
    document.documentElement.dataset.hydrated = "true";
  }, []);
  return null;
}
