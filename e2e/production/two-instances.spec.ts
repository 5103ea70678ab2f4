// Two instances of the app (issue 17): two `npm start` processes on two ports, as two machines
// behind a load balancer would run them, sharing one PostgreSQL database, one S3-compatible
// server (s3rver on loopback) and the secrets scripts/shared-config.mjs asks for. Nothing a user
// does may depend on which instance answers. A cookie is the host's, whatever the port, so the
// browser carries one session to both, as it would through a load balancer.
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync, utimesSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import type { Page } from "@playwright/test";
import { test as base, expect } from "@playwright/test";
import { sql } from "drizzle-orm";
import { queryRows, type ScratchDatabase } from "../../db/scratch";
import { startS3Server, type TestS3Server } from "../../tests/support/s3";
import { DEMO, DEMO_PASSWORD } from "../support";
import { type ProductionServer, seedDatabase, startProductionServer } from "./server";

interface Pair {
  a: ProductionServer;
  b: ProductionServer;
  s3: TestS3Server;
  database: ScratchDatabase;
  /** What both instances are started with: the shared settings an operator gives every machine. */
  env: Record<string, string>;
}

const execFileAsync = promisify(execFile);

const test = base.extend<{ pair: Pair }>({
  pair: async ({}, provide) => {
    test.setTimeout(180_000);
    const s3 = await startS3Server();
    const env = {
      ...s3.env,
      CANVAS_INSTANCES: "2",
      BETTER_AUTH_SECRET: randomBytes(32).toString("hex"),
      NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    };
    const database = await seedDatabase(env);
    const started: ProductionServer[] = [];
    try {
      for (let i = 0; i < 2; i++) started.push(await startProductionServer({ database, env }));
      await provide({ a: started[0]!, b: started[1]!, s3, database, env });
    } finally {
      await Promise.all(started.map((server) => server.close()));
      await database.drop();
      await s3.stop();
    }
  },
});

/** Signs in through `server`'s own sign-in form. */
async function signInOn(page: Page, server: ProductionServer, who: keyof typeof DEMO, next = "/board") {
  await page.goto(`${server.url}/sign-in?next=${encodeURIComponent(next)}`);
  await page.getByLabel("Email").fill(DEMO[who].email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByLabel("Signed in as")).toContainText(DEMO[who].name);
}

/** A VBU of the demo GM, and one of its proof points, with its description. */
async function gmProofPoint(database: ScratchDatabase) {
  const [row] = await queryRows<{ id: string; vbu_id: string; description: string }>(
    database.db,
    sql`SELECT p.id, v.id AS vbu_id, p.description FROM proof_points p
        JOIN theses t ON t.id = p.thesis_id JOIN canvases c ON c.id = t.canvas_id JOIN vbus v ON v.id = c.vbu_id
        JOIN users u ON u.id = v.gm_id WHERE u.email = ${DEMO.gm.email} ORDER BY v.name, t."order", p.added_seq LIMIT 1`,
  );
  return { proofPointId: row!.id, vbuId: row!.vbu_id, description: row!.description };
}

/** Each request's method and route pattern, from a server's one-line-per-request JSON log. */
function requestsLogged(server: ProductionServer): { method: string; route: string; status: number }[] {
  return server
    .output()
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as { method?: string; route?: string; status?: number })
    .filter((entry) => entry.method && entry.route)
    .map(({ method, route, status }) => ({ method: method!, route: route!, status: status! }));
}

const proofPointRow = (page: Page, description: string) =>
  page.getByRole("list", { name: "Proof points" }).getByRole("listitem").filter({ hasText: description });

const PDF = Buffer.concat([
  Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n"),
  randomBytes(300 * 1024).map((byte) => 0x20 + (byte % 90)),
  Buffer.from("\n%%EOF\n"),
]);

test("two instances share sessions, evidence, saves, conflicts, sign-out and server actions", async ({
  pair,
  page,
  browser,
}) => {
  const { a, b, database } = pair;
  const { vbuId, description } = await gmProofPoint(database);

  await test.step("signed in on A, the same cookie works on B", async () => {
    await signInOn(page, a, "gm");
    await page.goto(`${b.url}/vbus/${vbuId}`);
    await expect(page.getByLabel("Signed in as")).toContainText(DEMO.gm.name);
    await expect(page.getByRole("button", { name: "Save canvas" })).toBeEnabled();
  });

  await test.step("a GM uploads on A and downloads on B, byte for byte", async () => {
    await page.goto(`${a.url}/vbus/${vbuId}`);
    const point = proofPointRow(page, description);
    await point.getByRole("button", { name: `Add evidence to proof point: ${description}` }).click();
    await point
      .getByLabel("Evidence file", { exact: true })
      .setInputFiles({ name: "Two instances.pdf", mimeType: "application/pdf", buffer: PDF });
    await point.getByRole("button", { name: "Upload" }).click();
    await expect(point.getByRole("status").filter({ hasText: "Two instances.pdf uploaded." })).toBeVisible();
    await page.goto(`${b.url}/vbus/${vbuId}`);
    const link = proofPointRow(page, description).getByRole("link", { name: "Two instances.pdf" });
    const href = await link.getAttribute("href");
    const download = await page.request.get(`${b.url}${href}`);
    expect(download.status()).toBe(200);
    expect(Buffer.compare(await download.body(), PDF)).toBe(0);
    expect(requestsLogged(b)).toContainEqual(expect.objectContaining({ method: "GET", status: 200 }));
    // The file is in the shared bucket, not on either machine.
    const [row] = await queryRows<{ storage_path: string }>(
      database.db,
      sql`SELECT storage_path FROM attachments WHERE filename = 'Two instances.pdf'`,
    );
    expect(readdirSync(join(a.attachmentsDir, ".staging"), { recursive: true })).toEqual([]);
    expect(row!.storage_path).toBeTruthy();
  });

  await test.step("a canvas save on B is seen on A", async () => {
    await page.goto(`${b.url}/vbus/${vbuId}`);
    await page.getByLabel("Primary focus").fill("Saved on instance B");
    await page.getByRole("button", { name: "Save canvas" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Canvas saved." })).toBeFocused();
    await page.goto(`${a.url}/vbus/${vbuId}`);
    await expect(page.getByLabel("Primary focus")).toHaveValue("Saved on instance B");
  });

  await test.step("saves from A and B of the same version: one is saved, the other told of the conflict", async () => {
    const other = await page.context().newPage();
    await other.goto(`${b.url}/vbus/${vbuId}`);
    await page.goto(`${a.url}/vbus/${vbuId}`);
    await page.getByLabel("Primary focus").fill("From A, at the same time");
    await other.getByLabel("Primary focus").fill("From B, at the same time");
    await Promise.all([
      page.getByRole("button", { name: "Save canvas" }).click(),
      other.getByRole("button", { name: "Save canvas" }).click(),
    ]);
    const saved = (p: Page) => p.getByRole("status").filter({ hasText: "Canvas saved." });
    const conflict = (p: Page) => p.getByRole("region", { name: "Changes saved meanwhile" });
    await expect(saved(page).or(conflict(page))).toBeVisible();
    await expect(saved(other).or(conflict(other))).toBeVisible();
    const outcomes = [await saved(page).count(), await saved(other).count()];
    expect(outcomes.sort()).toEqual([0, 1]);
    const [{ primary_focus: kept } = { primary_focus: "" }] = await queryRows<{ primary_focus: string }>(
      database.db,
      sql`SELECT primary_focus FROM canvases WHERE vbu_id = ${vbuId}`,
    );
    expect(["From A, at the same time", "From B, at the same time"]).toContain(kept);
    await other.close();
  });

  await test.step("a server action rendered by A is submitted to B", async () => {
    await page.goto(`${a.url}/vbus/${vbuId}`);
    await expect(page.getByRole("button", { name: "Save canvas" })).toBeEnabled();
    const before = requestsLogged(b).filter((r) => r.method === "POST").length;
    // What a load balancer does: the page came from A, its form's POST goes to B, with the host
    // the browser asked for in X-Forwarded-Host (which Next.js checks the action's Origin against).
    await page.route(`${a.url}/vbus/**`, async (route) => {
      const request = route.request();
      if (request.method() !== "POST") return route.continue();
      const response = await route.fetch({
        url: request.url().replace(a.url, b.url),
        headers: { ...request.headers(), "x-forwarded-host": new URL(a.url).host },
      });
      await route.fulfill({ response });
    });
    await page.getByLabel("Primary focus").fill("Rendered by A, saved through B");
    await page.getByRole("button", { name: "Save canvas" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Canvas saved." })).toBeFocused();
    await page.unrouteAll();
    expect(requestsLogged(b).filter((r) => r.method === "POST" && r.status === 200).length).toBeGreaterThan(before);
    const [row] = await queryRows<{ primary_focus: string }>(
      database.db,
      sql`SELECT primary_focus FROM canvases WHERE vbu_id = ${vbuId}`,
    );
    expect(row!.primary_focus).toBe("Rendered by A, saved through B");
  });

  await test.step("signing out on A ends the session on B", async () => {
    const cookies = await page.context().cookies();
    await page.goto(`${a.url}/board`);
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/sign-in/);
    // The cookie as it was before signing out, replayed to B: the session it names is gone.
    const replay = await browser.newContext();
    await replay.addCookies(cookies);
    const stale = await replay.newPage();
    await stale.goto(`${b.url}/board`);
    await expect(stale).toHaveURL(/\/sign-in/);
    await replay.close();
  });
});

test("killing A mid-upload leaves B serving, and nothing the sweep does not clear", async ({ pair, page }) => {
  const { a, b, database, env } = pair;
  const { proofPointId, vbuId } = await gmProofPoint(database);
  await signInOn(page, a, "gm");
  const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");

  // An upload to A whose body stops half way, as a slow client's would, until A is gone.
  let sent = 0;
  const half = 2 * 1024 * 1024;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= half) return new Promise<void>(() => {}); // and no more
      sent += 64 * 1024;
      controller.enqueue(new Uint8Array(64 * 1024).fill(0x20));
    },
  });
  const upload = fetch(`${a.url}/api/proof-points/${proofPointId}/attachments`, {
    method: "POST",
    headers: { cookie, origin: a.url, "x-file-name": "half.pdf" },
    body,
    duplex: "half",
  } as RequestInit).catch((error: Error) => error);
  const staging = join(a.attachmentsDir, ".staging");
  const staged = () => {
    try {
      return readdirSync(staging, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    } catch {
      return [];
    }
  };
  await expect.poll(() => staged().length, { timeout: 20_000 }).toBe(1);

  // The machine goes: its workers and its primary, at once, with no chance to clean up.
  const workers = readFileSync(`/proc/${a.child.pid}/task/${a.child.pid}/children`, "utf8").trim().split(/\s+/);
  for (const pid of workers.filter(Boolean)) process.kill(Number(pid), "SIGKILL");
  a.child.kill("SIGKILL");
  expect(await upload).toBeInstanceOf(Error);

  // B goes on serving the same user.
  await page.goto(`${b.url}/vbus/${vbuId}`);
  await expect(page.getByLabel("Signed in as")).toContainText(DEMO.gm.name);
  expect((await page.request.get(`${b.url}/readyz`)).status()).toBe(200);

  // Nothing reached the bucket or the database; the partial file is A's staged upload, which the
  // sweep on A's machine removes once no live upload could still be writing it.
  const [{ n } = { n: -1 }] = await queryRows<{ n: number }>(
    database.db,
    sql`SELECT count(*)::int AS n FROM attachments WHERE filename = 'half.pdf'`,
  );
  expect(n).toBe(0);
  const longAgo = new Date(Date.now() - 60 * 60 * 1000);
  for (const entry of staged()) utimesSync(join(entry.parentPath, entry.name), longAgo, longAgo);
  // (Not execFileSync: the S3 server runs in this process and must answer the sweep.)
  const sweep = async (apply: boolean) => {
    const args = ["tsx", "--conditions=react-server", "scripts/storage-sweep.ts", ...(apply ? ["--apply"] : [])];
    const env_ = { ...process.env, ...env, DATABASE_URL: database.url!, ATTACHMENTS_DIR: a.attachmentsDir };
    return (await execFileAsync("npx", args, { env: env_ })).stdout;
  };
  expect(await sweep(true)).toMatch(/abandoned staged uploads removed: 1\b/);
  expect(staged()).toEqual([]);
  // And a second look finds nothing to do: no orphan in the bucket, nothing missing.
  expect(await sweep(false)).toMatch(/nothing to do/);
});
