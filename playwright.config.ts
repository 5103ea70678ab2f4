import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";

// Run through `npm run test:e2e`: scripts/e2e.ts builds fresh databases (a new PostgreSQL
// database and a new PGlite directory, both migrated and seeded) and passes them in here.
const postgresUrl = process.env.E2E_DATABASE_URL;
// Production servers need a session secret; each run makes its own.
const authSecret = process.env.BETTER_AUTH_SECRET ?? "";
const pgliteDir = process.env.E2E_PGLITE_DIR;
const scratch = process.env.E2E_SCRATCH_DIR ?? "";
if (!postgresUrl || !pgliteDir) {
  throw new Error("Run the browser tests with `npm run test:e2e`: it prepares the databases they need.");
}

// Playwright cannot download its own browser here: use Debian's Chromium when it is installed.
const systemChromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => existsSync(p));
const chromium = {
  ...devices["Desktop Chrome"],
  launchOptions: {
    executablePath: systemChromium,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  },
};

// E2E_PORT moves both servers, so that two runs can share a machine.
const POSTGRES_PORT = Number(process.env.E2E_PORT ?? 3100);
const PGLITE_PORT = POSTGRES_PORT + 1;

export default defineConfig({
  testDir: "./e2e",
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 2,
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  // A whole journey (several people, uploads, thumbnails) may take 30 s on a loaded CI machine;
  // each step still waits at most the expect timeout.
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: { trace: "retain-on-failure" },
  projects: [
    {
      name: "postgres",
      testIgnore: "production/**",
      use: { ...chromium, baseURL: `http://127.0.0.1:${POSTGRES_PORT}` },
    },
    // The embedded database behind the production build: only the smoke tests.
    {
      name: "pglite",
      testIgnore: "production/**",
      grep: /@smoke/,
      use: { ...chromium, baseURL: `http://127.0.0.1:${PGLITE_PORT}` },
    },
    // Each of these starts a production server of its own (e2e/production/server.ts): a fresh
    // worker, its log, and faults done to its database.
    { name: "production", testDir: "./e2e/production", use: { ...chromium } },
  ],
  // `npm start`'s own script, so the browser tests cover how production runs: a worker per core
  // on PostgreSQL (two, sharing the port), one on PGlite.
  webServer: [
    {
      command: `node scripts/start.mjs -H 127.0.0.1 -p ${POSTGRES_PORT}`,
      url: `http://127.0.0.1:${POSTGRES_PORT}`,
      env: {
        DATABASE_URL: postgresUrl,
        WEB_CONCURRENCY: "2", // at least two whatever the machine: state kept in one process would show
        BETTER_AUTH_SECRET: authSecret,
        ATTACHMENTS_DIR: `${scratch}/uploads-postgres`,
      },
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      command: `node scripts/start.mjs -H 127.0.0.1 -p ${PGLITE_PORT}`,
      url: `http://127.0.0.1:${PGLITE_PORT}`,
      env: {
        DATABASE_URL: "",
        PGLITE_DIR: pgliteDir,
        BETTER_AUTH_SECRET: authSecret,
        ATTACHMENTS_DIR: `${scratch}/uploads-pglite`,
      },
      reuseExistingServer: false,
      timeout: 60_000,
    },
  ],
});
