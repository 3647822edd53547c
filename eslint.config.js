import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";
import featureBoundaries from "./.ci/eslint-feature-boundaries.js";

export default tseslint.config(
  {
    ignores: [
      "build/**",
      "public/build/**",
      "node_modules/**",
      "e2e/.tmp/**",
      "test-results/**",
      "playwright-report/**",
      "db/types.ts",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["app/**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-control-regex": "off",
    },
  },
  {
    // The walls between app/features/<area>/ folders: docs/conventions.md, decision 0013.
    files: ["**/*.{ts,tsx}"],
    plugins: { "feature-boundaries": featureBoundaries },
    rules: {
      "feature-boundaries/no-cycle": "error",
      "feature-boundaries/no-private-import": "error",
      "feature-boundaries/base-areas": ["error", { areas: ["vocabulary"] }],
    },
  },
  {
    files: ["db/migrations/**"],
    rules: {
      // Migrations are frozen in time: they must not import application code.
      "no-restricted-imports": ["error", { patterns: ["~/*", "../../app/*", "../app/*"] }],
    },
  },
);
