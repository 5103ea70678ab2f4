import drizzle from "eslint-plugin-drizzle";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import tseslint from "typescript-eslint";

const TYPESCRIPT = ["**/*.ts", "**/*.tsx"];

const config = [
  ...nextVitals,
  ...nextTs,
  // Rules that read the types (a floating promise, an `any` leaking into typed code).
  ...tseslint.configs.recommendedTypeChecked.map((block) => ({ ...block, files: TYPESCRIPT })),
  {
    files: TYPESCRIPT,
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { drizzle },
    rules: {
      "@typescript-eslint/no-unused-vars": ["warn", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      // A delete or update without a where clause would change every row: Drizzle's own objects only.
      "drizzle/enforce-delete-with-where": ["error", { drizzleObjectName: ["db", "tx", "getDb()"] }],
      "drizzle/enforce-update-with-where": ["error", { drizzleObjectName: ["db", "tx", "getDb()"] }],
      // react-hook-form's handleSubmit returns a promise that handles its own errors.
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false } }],
      // Passing on a rejection as it came (a driver's error, unknown) is not inventing one.
      "@typescript-eslint/prefer-promise-reject-errors": ["error", { allowThrowingUnknown: true }],
    },
  },
  {
    // Tests: expect's asymmetric matchers (expect.any, objectContaining…) are typed `any`, and
    // stand-ins keep the async signatures of what they replace.
    files: ["tests/**", "e2e/**"],
    rules: {
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/require-await": "off",
    },
  },
  {
    // zod is configured once (jitless: no eval probe under the CSP) before any schema is built:
    // every module takes z from lib/zod.ts, which is the one allowed to import it.
    ignores: ["lib/zod.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [
            { name: "zod", message: 'Import { z } from "lib/zod" (@/lib/zod): it sets zod up for the CSP first.' },
          ],
          patterns: [
            { group: ["zod/*"], message: 'Import { z } from "lib/zod" (@/lib/zod): it sets zod up for the CSP first.' },
          ],
        },
      ],
    },
  },
  {
    ignores: [".next/**", "node_modules/**", ".data/**", "test-results/**", "playwright-report/**", "next-env.d.ts"],
  },
];

export default config;
