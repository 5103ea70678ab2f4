import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const config = [
  ...nextVitals,
  ...nextTs,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["warn", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
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
