import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";

// Guard for the patch in app/patches (decision 0004): the server's copy of @remix-run/router
// (the CommonJS build that @remix-run/server-runtime requires) memoises the ranked route
// branches per routes array. Should an upgrade drop the patch silently, this test fails.
const require = createRequire(import.meta.url);
const serverRuntime = require.resolve("@remix-run/server-runtime");
const router = createRequire(serverRuntime)("@remix-run/router") as typeof import("@remix-run/router");

describe("route-matching memo (patched @remix-run/router)", () => {
  it("ranks a routes array once: a route added to the same array later is not seen", () => {
    const routes: { id: string; path: string }[] = [{ id: "a", path: "/a" }];
    expect(router.matchRoutes(routes, "/a")?.[0]?.route.id).toBe("a");
    routes.push({ id: "b", path: "/b" });
    // Unpatched, the branches are flattened on every call and "/b" would match.
    expect(router.matchRoutes(routes, "/b")).toBeNull();
    // A new array is ranked afresh.
    expect(router.matchRoutes([...routes], "/b")?.[0]?.route.id).toBe("b");
  });
});
