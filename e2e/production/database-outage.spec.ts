// The production server (`npm start`, two workers, real PostgreSQL) when its database goes
// away: connections killed under it are invisible to readers; while the database refuses
// connections every request answers within 5 s (pages with a 503 "temporarily unavailable"
// page, route handlers with 503, server actions with a form error); once it accepts them again
// the app answers without a restart; and the log holds no session token or cookie.
import { randomUUID } from "node:crypto";
import { type BrowserContext, expect, type Page, test } from "@playwright/test";
import postgres from "postgres";
import { POSTGRES_ADMIN_URL } from "../../db/scratch";
import { DEMO, DEMO_PASSWORD } from "../support";
import { type ProductionServer, startProductionServer } from "./server";

const BUDGET_MS = 5_000;

test.describe.configure({ timeout: 120_000 });

let server: ProductionServer;
let admin: postgres.Sql;
let databaseName: string;

test.beforeEach(async () => {
  server = await startProductionServer({ workers: 2 });
  databaseName = new URL(server.database.url!).pathname.slice(1);
  admin = postgres(POSTGRES_ADMIN_URL, { max: 1, onnotice: () => {} });
});

test.afterEach(async () => {
  // Always let connections in again, or the database could not be dropped.
  await admin.unsafe(`ALTER DATABASE "${databaseName}" ALLOW_CONNECTIONS true`);
  await admin.end();
  await server.close();
});

async function killConnections(): Promise<void> {
  await admin`
    SELECT pg_terminate_backend(pid) FROM pg_stat_activity
    WHERE datname = ${databaseName} AND pid <> pg_backend_pid()`;
}

async function signedIn(page: Page, context: BrowserContext): Promise<{ cookie: string; token: string }> {
  await page.goto(`${server.url}/sign-in`);
  await page.getByLabel("Email").fill(DEMO.gm.email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByLabel("Signed in as")).toContainText(DEMO.gm.name);
  const session = (await context.cookies()).find((c) => c.name.endsWith("session_token"))!;
  return {
    cookie: `${session.name}=${session.value}`,
    token: decodeURIComponent(session.value).split(".")[0]!,
  };
}

/** A request with the session, and how long it took. */
async function timed(path: string, cookie: string) {
  const started = performance.now();
  const response = await fetch(`${server.url}${path}`, { headers: { cookie }, redirect: "manual" });
  const body = await response.text();
  return {
    status: response.status,
    body,
    retryAfter: response.headers.get("retry-after"),
    ms: performance.now() - started,
  };
}

/** The server's log holds no secret of this session, and nothing crashed. */
function expectCleanLog(secrets: { cookie: string; token: string }) {
  const log = server.output();
  expect(log.includes(secrets.token), "the session token is in the server log").toBe(false);
  expect(log.includes(secrets.cookie.split("=")[1]!), "the session cookie is in the server log").toBe(false);
  expect(log).not.toMatch(/uncaught|unhandled/i);
}

test("connections killed under the app are invisible to readers", async ({ page, context }) => {
  const session = await signedIn(page, context);
  // Both workers hold open connections, as a running server would.
  await Promise.all(Array.from({ length: 6 }, () => timed("/board", session.cookie)));
  await killConnections();

  const reads = await Promise.all(Array.from({ length: 6 }, () => timed("/board", session.cookie)));
  expect(reads.map((r) => r.status)).toEqual(Array(6).fill(200));
  for (const read of reads) expect(read.body).toContain(DEMO.gm.name);

  await killConnections();
  await page.reload();
  await expect(page.getByLabel("Signed in as")).toContainText(DEMO.gm.name);
  expectCleanLog(session);
});

test("while the database refuses connections every request answers within 5 s, and it recovers by itself", async ({
  page,
  context,
}) => {
  const session = await signedIn(page, context);
  await page.goto(`${server.url}/account/password`);
  await expect(page.getByRole("heading", { name: "Change your password" })).toBeVisible();

  await admin.unsafe(`ALTER DATABASE "${databaseName}" ALLOW_CONNECTIONS false`);
  await killConnections();

  // A server action: its form says so, and the page stays.
  const submitted = performance.now();
  await page.getByLabel("Current password", { exact: true }).fill(DEMO_PASSWORD);
  await page.getByLabel("New password", { exact: true }).fill("a-new-password-for-ana");
  await page.getByLabel("New password again").fill("a-new-password-for-ana");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Canvas cannot reach its database just now" })).toBeVisible({
    timeout: BUDGET_MS,
  });
  expect(performance.now() - submitted).toBeLessThan(BUDGET_MS + 1_000); // the click and fills included

  // Pages: 503 with Retry-After, also for a burst across both workers...
  const pages = await Promise.all(
    ["/board", "/board", "/board", "/account/password", "/board", "/board"].map((p) => timed(p, session.cookie)),
  );
  for (const answer of pages) {
    expect(answer.status).toBe(503);
    expect(answer.retryAfter).toBeTruthy();
    expect(answer.body).toContain("CANVAS_DATABASE_UNAVAILABLE"); // the digest app/global-error.tsx knows
    expect(answer.ms).toBeLessThan(BUDGET_MS);
  }
  // ...which the browser shows as the unavailable page.
  for (const path of ["/board", "/account/password"]) {
    const shown = await page.goto(`${server.url}${path}`);
    expect(shown?.status()).toBe(503);
    await expect(page.getByRole("heading", { name: "Canvas is temporarily unavailable" })).toBeVisible();
  }

  // A route handler: 503 with Retry-After, its JSON error says why.
  const download = await timed(`/api/attachments/${randomUUID()}`, session.cookie);
  expect(download.status).toBe(503);
  expect(download.retryAfter).toBeTruthy();
  expect(JSON.parse(download.body)).toMatchObject({ formError: expect.stringContaining("cannot reach its database") });
  expect(download.ms).toBeLessThan(BUDGET_MS);

  // Back: the same server answers again, without a restart. Each worker has its own breaker
  // (db/resilient-client.ts), open for up to a second after its last failed connection: a burst
  // across both workers answers 200 throughout once both have tried again, within the budget.
  await admin.unsafe(`ALTER DATABASE "${databaseName}" ALLOW_CONNECTIONS true`);
  await expect
    .poll(
      async () =>
        (await Promise.all(Array.from({ length: 4 }, () => timed("/board", session.cookie)))).map((r) => r.status),
      { timeout: BUDGET_MS, intervals: [100] },
    )
    .toEqual(Array(4).fill(200));
  await page.getByRole("button", { name: "Try again" }).click();
  await expect(page.getByLabel("Signed in as")).toContainText(DEMO.gm.name);

  expectCleanLog(session);
  expect(server.output()).toContain("DatabaseUnavailableError");
});
