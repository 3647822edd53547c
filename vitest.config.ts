import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "~": path.resolve(import.meta.dirname, "app") } },
  test: {
    include: ["app/**/*.test.{ts,tsx}", "db/**/*.test.ts", ".ci/**/*.test.ts"],
    environment: "node",
    env: { TZ: "UTC", LOG_LEVEL: "error" },
    testTimeout: 20_000,
  },
});
