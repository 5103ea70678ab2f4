// `npm run bench`: how fast the portfolio board and a canvas page answer with a large portfolio.
//
// 1. A fresh database on the local PostgreSQL (dropped at the end), migrated, with the demo
//    people (so someone can sign in) and 1,000 VBUs (`-- --vbus=10000`: that many) × 5 theses × 5 proof points, written by a
//    few set-based INSERT … SELECT generate_series statements.
// 2. The production build (`next build` runs first only when .next is missing or older than
//    the sources), started with `npm start`'s scripts/start.mjs (a `next start` worker per
//    core) on a free loopback port.
// 3. A session cookie per person, by signing in through the real sign-in form in Chromium.
// 4. For each page: the bare SQL the page runs (the session join, then the page's queries, side
//    by side where the page runs them so), timed one request at a time through postgres.js; then autocannon (127.0.0.1 only, 10 connections, 10 s, after a
//    short warm-up) against the page. A table with req/s, p50, p99, the SQL's mean and p99,
//    the ratio page p50 / SQL mean, and PASS/FAIL against the p99 budget.
//
// Everything is cleaned up (server stopped, browser closed, database dropped) on success, on
// failure, on Ctrl-C and when the whole run overstays its time limit.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, statSync } from "node:fs";
import { createServer } from "node:net";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import autocannon from "autocannon";
import { chromium, type Browser } from "@playwright/test";
import postgres from "postgres";
import sharp from "sharp";
import { DEMO_PASSWORD, DEMO_USERS, seedDemo } from "../db/seed";
import { BOARD_LANE_CAP } from "../lib/board/filters";
import { saveCanvasSchema } from "../lib/canvas/schemas";
import { saveCanvas } from "../lib/canvas/write";
import { freezeCanvas } from "../lib/reviews/freeze";
import { monthAt, monthParam } from "../lib/reviews/vocabulary";
import { monthlyReviews } from "../db/schema";
import {
  boardStatements,
  canvasStatements,
  historyStatements,
  portfolioReviewStatements,
  reviewPageStatements,
  sessionStatement,
  type Statement,
  trendsStatements,
  unreadCountStatement,
} from "./bench-queries";
import { createScratchDatabase, type ScratchDatabase } from "../db/scratch";
import { pageWeight } from "./page-weight";
import { download, PACK_HEADER, packPasses, packRow, sequentialP50 } from "./bench-pdf";

// `npm run bench -- --vbus=10000`: the portfolio at that size (1,000 by default).
const VBUS = vbusOf(process.argv);
/** Digits of a bench VBU's number in its name ("Bench VBU 0100" of 1,000). */
const VBU_DIGITS = String(VBUS).length;
/** The portfolio's size in the rows' words. */
const VBUS_LABEL = `${VBUS.toLocaleString("en-US")} VBUs`;
const THESES_PER_CANVAS = 5;
const POINTS_PER_THESIS = 5;
const CONNECTIONS = 10;
const DURATION_SECONDS = 10;
const WARMUP_SECONDS = 3;
const SQL_RUNS = 200;
// The whole run, build included: 15 minutes at 1,000 VBUs, more for a larger portfolio's seeding.
const RUN_LIMIT_MS = Math.max(15, Math.ceil(VBUS / 1000) * 4) * 60_000;
const BUDGET_MS = { board: 300, canvas: 150 } as const;
const UNKNOWN_VBU = "00000000-0000-4000-8000-000000000000";
// `npm run bench -- --hold`: seed, start and sign in, print each page's URL and cookie, then wait.
const HOLD = process.argv.includes("--hold");
// `npm run bench -- --page-weight`: only the canvas page's weight with image evidence, no load test.
const PAGE_WEIGHT_ONLY = process.argv.includes("--page-weight");
// `npm run bench -- --pdf`: only the PDF documents (canvas.pdf, the portfolio pack), no load test.
const PDF_ONLY = process.argv.includes("--pdf");
const EVIDENCE_IMAGES = 10;
const PAGE_WEIGHT_BUDGET = 400 * 1024;

const root = new URL("..", import.meta.url).pathname;
const log = (message: string) => console.log(`bench: ${message}`);

// ---------------------------------------------------------------------------- cleanup

let database: ScratchDatabase | undefined;
let server: ChildProcess | undefined;
let browser: Browser | undefined;
let client: postgres.Sql | undefined;
let cleaning: Promise<void> | undefined;

function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    await browser?.close().catch(() => {});
    await stopServer();
    await client?.end({ timeout: 5 }).catch(() => {});
    await database?.drop().catch((error) => console.error(`bench: could not drop the database: ${String(error)}`));
  })();
  return cleaning;
}

async function stopServer(): Promise<void> {
  const child = server;
  if (!child?.pid || child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, name); // its process group: npx/next and the server it starts
    } catch {
      // Already gone.
    }
  };
  signal("SIGTERM");
  const timer = setTimeout(() => signal("SIGKILL"), 5000);
  await exited;
  clearTimeout(timer);
}

// `on`, not `once`: Ctrl-C reaches npm, tsx and this process alike, and tsx relays it too, so a
// second signal arrives while cleaning up; with the default handler it would kill the cleanup
// and leave the database behind. A third one, pressed on purpose, stops at once.
let signals = 0;
for (const name of ["SIGINT", "SIGTERM"] as const) {
  process.on(name, () => {
    signals++;
    if (signals >= 3) {
      log(`${name} again: stopping without cleaning up`);
      process.exit(130);
    }
    if (cleaning) return;
    log(`${name}: cleaning up (Ctrl-C again stops at once, leaving the database)`);
    void cleanup().finally(() => process.exit(130));
  });
}
const watchdog = setTimeout(() => {
  console.error(`bench: over the ${RUN_LIMIT_MS / 60_000} minute limit; stopping`);
  void cleanup().finally(() => process.exit(1));
}, RUN_LIMIT_MS);
watchdog.unref();

// ---------------------------------------------------------------------------- seeding

/** A step of the seeding, timed: a run says where the seeding's time goes. */
async function seedStep<T>(what: string, step: () => PromiseLike<T>): Promise<T> {
  const start = performance.now();
  const result = await step();
  log(`seeding: ${what} in ${((performance.now() - start) / 1000).toFixed(1)} s`);
  return result;
}

/**
 * `write` (`what` it writes, for the log) in a transaction of its own, with the trends' trigger on
 * the history (change_history_trend_deltas, drizzle/0014) off, then the deltas it would have
 * written, in one statement: the view's deltas of every entry written meanwhile, summed and added
 * on as the trigger adds them. The same rows: deltas add up in any order, and an entry's deltas
 * depend only on the entries before it, which the view reads as the trigger would have. Row by row,
 * the seeding's hundreds of thousands of entries cost a query each, planned on the statistics of a
 * history that was nearly empty: a scan of a whole index each, quadratic, 50 s at 1,000 VBUs and
 * over 20 minutes, unfinished, at 10,000. ALTER TABLE is transactional and locks the history until
 * the end: nobody writes meanwhile, and a failed seeding leaves the trigger on. No other trigger is
 * touched.
 */
async function withTrendDeltasAfter(
  sql: postgres.Sql,
  what: string,
  write: (tx: postgres.TransactionSql) => Promise<void>,
): Promise<void> {
  await sql.begin(async (tx) => {
    await tx`ALTER TABLE change_history DISABLE TRIGGER change_history_trend_deltas`;
    const [before] = await tx<{ id: string }[]>`SELECT coalesce(max(id), 0)::text AS id FROM change_history`;
    await write(tx);
    await seedStep(
      `the trends' deltas of ${what}`,
      () => tx`
        INSERT INTO trend_deltas (field, vbu_id, month, value, delta)
        SELECT field, vbu_id, month, value, sum(delta)::int FROM trend_entry_deltas WHERE id > ${before!.id}::bigint
        GROUP BY field, vbu_id, month, value
        ON CONFLICT (field, vbu_id, month, value) DO UPDATE SET delta = trend_deltas.delta + excluded.delta`,
    );
    await tx`ALTER TABLE change_history ENABLE TRIGGER change_history_trend_deltas`;
  });
}

/**
 * The large portfolio, set-based: one statement per table (the history triggers record each row,
 * as for any change), then the currently-testing pointers.
 */
async function seedLargePortfolio(sql: postgres.Sql): Promise<void> {
  await withTrendDeltasAfter(sql, "the portfolio's history", async (tx) => {
    // A portfolio in use for a year, not one created today: the history written for the seeding is
    // dated a year back (a system actor may date its changes, drizzle/0011), so this month's
    // history is this month's changes (seedYearOfHistory), as it would be.
    await tx`SELECT set_config('canvas.history_at', (now() - interval '366 days')::text, true)`;
    // The demo people stay (to sign in); their dozen VBUs make way for the bench's thousand.
    await seedStep("the demo's VBUs deleted", () => tx`DELETE FROM vbus WHERE true`);
    await seedStep(
      VBUS_LABEL,
      () => tx`
        INSERT INTO vbus (name, gm_id)
        SELECT 'Bench VBU ' || lpad(n::text, ${VBU_DIGITS}::int, '0'), gms.ids[1 + n % array_length(gms.ids, 1)]
        FROM generate_series(1, ${VBUS}::int) AS n,
             (SELECT array_agg(id ORDER BY email) AS ids FROM users WHERE role = 'gm') AS gms`,
    );
    await seedStep(
      "their canvases",
      () => tx`
        INSERT INTO canvases (vbu_id, product_name, lifecycle_lane, success_description, future_state_intent,
                              primary_focus, resist_doing, good_discipline, primary_constraint, portfolio_notes)
        SELECT v.id,
               'Product of ' || v.name,
               (ARRAY['build', 'sell', 'milk', 'reframe']::lifecycle_lane[])[1 + n % 4],
               repeat('Customers in the segment renew and expand within a year. ', 3),
               repeat('The default choice for mid-size customers in the region. ', 3),
               'Prove the next step with paying customers',
               repeat('Custom work for a single customer. ', 3),
               repeat('Ship every two weeks and watch customers use it. ', 3),
               repeat('Two engineers know the legacy system. ', 3),
               CASE WHEN n % 3 = 0 THEN 'Review at the next portfolio meeting; watch the renewal in Q3.' END
        FROM (SELECT id, name, row_number() OVER (ORDER BY name) AS n FROM vbus) AS v`,
    );
    await seedStep(
      "their theses",
      () => tx`
        INSERT INTO theses (canvas_id, "order", text)
        SELECT c.id, o, 'Thesis ' || o || ': customers pay for the outcome when they can see it within a month.'
        FROM canvases c, generate_series(1, ${THESES_PER_CANVAS}::int) AS o`,
    );
    await seedStep(
      "their proof points",
      () => tx`
        INSERT INTO proof_points (thesis_id, description, status, evidence_note, target_review_month)
        SELECT t.id,
               'Proof ' || p || ' of thesis ' || t."order" || ': three customers do it unprompted for four weeks',
               (ARRAY['not_started', 'in_progress', 'observed', 'stalled']::proof_point_status[])[1 + (p + t."order") % 4],
               CASE WHEN p % 2 = 0 THEN 'Week 2: two of three customers did it; the third is waiting on IT.' END,
               (date_trunc('month', now()) + make_interval(months => p - 3))::date
        FROM theses t, generate_series(1, ${POINTS_PER_THESIS}::int) AS p`,
    );
    // Half the canvases test their first thesis, half the first proof point of it.
    await seedStep("what they are testing", async () => {
      await tx`
        UPDATE canvases c SET currently_testing_type = 'thesis', currently_testing_id = t.id
        FROM theses t WHERE t.canvas_id = c.id AND t."order" = 1 AND get_byte(uuid_send(c.id), 15) % 2 = 0`;
      await tx`
        UPDATE canvases c SET currently_testing_type = 'proof_point', currently_testing_id = first.id
        FROM (SELECT DISTINCT ON (t.canvas_id) t.canvas_id, pp.id
              FROM theses t JOIN proof_points pp ON pp.thesis_id = t.id
              WHERE t."order" = 1 ORDER BY t.canvas_id, pp.description) AS first
        WHERE first.canvas_id = c.id AND c.currently_testing_id IS NULL`;
    });
  });
  await seedStep("last month's reviews", () => seedLargeReviews(sql));
  await withTrendDeltasAfter(sql, "the year's history", (tx) =>
    seedStep("a year of history", () => seedYearOfHistory(tx)),
  );
  await seedStep("ANALYZE", () => sql`ANALYZE`);
}

/**
 * A year of history across the portfolio, as the trends read it, written straight into the
 * history (as a migration from another tool would), going on from the entries written for the
 * seeding itself (dated a year back, seedLargePortfolio) so that each key's entries chain,
 * as the trends' deltas expect (drizzle/0014): one canvas in ten went to Build and back, months
 * apart; each proof point moved on twice, months apart, and one in twelve again this month. About
 * 46,000 entries. (Where it ends is not the proof points' status now: the trends are timed, not read.)
 */
async function seedYearOfHistory(sql: postgres.TransactionSql): Promise<void> {
  await sql`
    INSERT INTO change_history (at, actor_name, vbu_id, vbu_name, subject, subject_id, action, changes)
    SELECT now() - make_interval(days => step.days_ago + (v.n % 100)::int), 'Morgan Ellis', v.id, v.name, 'canvas', c.id,
           'changed', jsonb_build_object('lifecycle_lane', jsonb_build_array(
             CASE WHEN step.to_build THEN c.lifecycle_lane::text ELSE 'build' END,
             CASE WHEN step.to_build THEN 'build' ELSE c.lifecycle_lane::text END))
    FROM canvases c JOIN (SELECT id, name, row_number() OVER (ORDER BY name) AS n FROM vbus) v ON v.id = c.vbu_id,
         (VALUES (200, true), (30, false)) AS step(days_ago, to_build)
    WHERE v.n % 10 = 0 AND c.lifecycle_lane <> 'build'
    ORDER BY step.days_ago DESC`;
  await sql`
    INSERT INTO change_history (at, actor_name, vbu_id, vbu_name, subject, subject_id, action, thesis_id, proof_point_id, changes)
    SELECT now() - make_interval(days => step.days_ago + (hashtext(p.id::text) & 15)),
           'Ana Silva', v.id, v.name, 'proof_point', p.id, 'changed', t.id, p.id,
           jsonb_build_object('status', jsonb_build_array(coalesce(step.before, p.status::text), step.after))
    FROM proof_points p JOIN theses t ON t.id = p.thesis_id JOIN canvases c ON c.id = t.canvas_id
         JOIN vbus v ON v.id = c.vbu_id,
         (VALUES (240, null, 'in_progress'), (90, 'in_progress', 'observed')) AS step(days_ago, before, after)
    WHERE step.before IS NOT NULL OR p.status <> 'in_progress'
    ORDER BY step.days_ago DESC`;
  // This month so far: one proof point in twelve changed status (a month's share of a year's work).
  await sql`
    INSERT INTO change_history (at, actor_name, vbu_id, vbu_name, subject, subject_id, action, thesis_id, proof_point_id, changes)
    SELECT date_trunc('month', now()) + (now() - date_trunc('month', now())) * ((abs(hashtext(p.id::text)) % 100) / 100.0),
           'Ana Silva', v.id, v.name, 'proof_point', p.id, 'changed', t.id, p.id,
           jsonb_build_object('status', jsonb_build_array('observed', 'in_progress'))
    FROM proof_points p JOIN theses t ON t.id = p.thesis_id JOIN canvases c ON c.id = t.canvas_id
         JOIN vbus v ON v.id = c.vbu_id
    WHERE abs(hashtext(p.id::text)) % 12 = 0`;
}

/** A canvas with 10,000 entries of history (on top of its year), for the history page's first page. */
async function seedLongHistory(vbuId: string): Promise<void> {
  await client!`
    INSERT INTO change_history (at, actor_id, actor_name, vbu_id, vbu_name, subject, subject_id, action, changes)
    SELECT now() - make_interval(mins => 10000 - n), u.id, u.name, v.id, v.name, 'canvas', c.id, 'changed',
           jsonb_build_object('primary_focus', jsonb_build_array('Prove renewals with paying customers, week ' || n,
                                                                 'Prove renewals with paying customers, week ' || (n + 1)))
    FROM generate_series(1, 10000) AS n, vbus v JOIN canvases c ON c.vbu_id = v.id JOIN users u ON u.id = v.gm_id
    WHERE v.id = ${vbuId}`;
  await client!`ANALYZE change_history`;
}

/**
 * Last month's reviews across the portfolio, as a month looks by the 7th: three in four
 * published (a third of those acknowledged), one in eight a draft, the rest not started. Their
 * snapshots are small (no page under load reads them); the review page's own VBU gets real ones
 * (seedFullDiff).
 */
async function seedLargeReviews(sql: postgres.Sql): Promise<void> {
  const month = monthAt(new Date(), -1);
  await sql`
    INSERT INTO monthly_reviews (vbu_id, month, status, learned, decisions, asks, next_focus, health, snapshot,
                                 published_at, published_by, acknowledged_at)
    SELECT v.id, ${month}::date,
           CASE WHEN v.n % 8 < 6 THEN 'published' ELSE 'draft' END::review_status,
           repeat('Two pilots renewed; the third is waiting on procurement. ', 3),
           'Stopped the custom reports; kept the weekly release.',
           CASE WHEN v.n % 3 = 0 THEN 'An introduction to the regional buyer, and one engineer for a quarter.' END,
           'Close the third pilot.',
           CASE WHEN v.n % 8 < 6 THEN (ARRAY['on_track', 'at_risk', 'off_track']::review_health[])[1 + v.n % 3] END,
           CASE WHEN v.n % 8 < 6 THEN jsonb_build_object('schema', 1, 'vbuName', v.name, 'gmName', '', 'lane', 'build',
             'fields', '{}'::jsonb, 'theses', '[]'::jsonb, 'currentlyTesting', null) END,
           CASE WHEN v.n % 8 < 6 THEN now() - interval '1 hour' END,
           CASE WHEN v.n % 8 < 6 THEN v.gm_id END,
           CASE WHEN v.n % 8 < 6 AND v.n % 3 = 0 THEN now() END
    FROM (SELECT id, name, gm_id, row_number() OVER (ORDER BY name) AS n FROM vbus) AS v
    WHERE v.n % 8 < 7`;
}

/**
 * The review page's VBU: two published reviews whose snapshots differ everywhere a diff looks
 * (every field, the theses' order and text, every proof point's status, evidence notes), frozen
 * from the canvas as it was, then as it is.
 */
async function seedFullDiff(vbuId: string): Promise<void> {
  const db = database!.db;
  const now = new Date();
  await client!`DELETE FROM monthly_reviews WHERE vbu_id = ${vbuId}`;
  const publish = async (month: string) => {
    await db.insert(monthlyReviews).values({
      vbuId,
      month,
      status: "published",
      health: "at_risk",
      learned: "Renewals need a named owner on the customer's side.",
      asks: "One more engineer for the pilot.",
      snapshot: await freezeCanvas(db, vbuId, now),
      publishedAt: now,
    });
  };
  await publish(monthAt(now, -2));
  await client!.begin(async (tx) => {
    await tx`SET CONSTRAINTS uq_theses_canvas_order DEFERRED`;
    await tx`
      UPDATE canvases SET primary_focus = 'Prove renewals with two paying customers',
             success_description = success_description || ' Renewal is the proof.',
             resist_doing = 'Anything a single customer asks for alone.'
      WHERE vbu_id = ${vbuId}`;
    await tx`
      UPDATE theses SET "order" = 6 - "order", text = text || ' (sharpened)'
      WHERE canvas_id = (SELECT id FROM canvases WHERE vbu_id = ${vbuId})`;
    await tx`
      -- Each status moves on one: not started → in progress → observed → stalled → not started.
      UPDATE proof_points SET status = (ARRAY['in_progress', 'observed', 'stalled', 'not_started']::proof_point_status[])
             [array_position(ARRAY['not_started', 'in_progress', 'observed', 'stalled']::proof_point_status[], status)],
             evidence_note = coalesce(evidence_note, '') || ' Week 4: all three did it.'
      WHERE thesis_id IN (SELECT t.id FROM theses t JOIN canvases c ON c.id = t.canvas_id WHERE c.vbu_id = ${vbuId})`;
  });
  await publish(monthAt(now, -1));
}

// ---------------------------------------------------------------------------- build and server

function newestSourceTime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, entry) => Math.max(newest, newestSourceTime(join(path, entry))), 0);
}

async function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const child = spawn(command, args, { cwd: root, stdio: "inherit", env });
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  if (code !== 0) throw new Error(`${command} ${args.join(" ")} failed (exit ${code})`);
}

async function buildIfStale(): Promise<void> {
  const builtAt = existsSync(join(root, ".next/BUILD_ID")) ? statSync(join(root, ".next/BUILD_ID")).mtimeMs : 0;
  const sources = ["app", "lib", "db", "proxy.ts", "next.config.mjs", "postcss.config.mjs", "package-lock.json"];
  const changedAt = Math.max(...sources.map((s) => newestSourceTime(join(root, s))));
  if (builtAt > changedAt) {
    log("the production build is up to date");
    return;
  }
  log(builtAt ? "sources changed since the last build: next build" : "no production build yet: next build");
  await run(join(root, "node_modules/.bin/next"), ["build"]);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

// Random per run; --hold prints it, so a second server (under a profiler, say) accepts the cookies.
const authSecret = randomBytes(32).toString("hex");

async function startServer(databaseUrl: string): Promise<string> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  let output = "";
  server = spawn(process.execPath, [join(root, "scripts/start.mjs"), "-H", "127.0.0.1", "-p", String(port)], {
    cwd: root,
    detached: true, // its own process group, stopped as a whole
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: databaseUrl,
      BETTER_AUTH_SECRET: authSecret,
    },
  });
  server.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  server.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) break;
    const ok = await fetch(`${base}/sign-in`, { signal: AbortSignal.timeout(5000) })
      .then((response) => response.ok)
      .catch(() => false);
    if (ok) return base;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`next start did not answer within 60 s:\n${output}`);
}

// ---------------------------------------------------------------------------- sessions

type Person = "viewer" | "admin" | "ana";

/** Signs in through the form, as a person would, and answers the Cookie header to send. */
async function signIn(base: string, who: Person): Promise<string> {
  browser ??= await chromium.launch({
    executablePath: ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => existsSync(p)),
    args: ["--no-sandbox", "--disable-gpu"],
  });
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`${base}/sign-in`);
    await page.getByLabel("Email").fill(DEMO_USERS.find((u) => u.key === who)!.email);
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByLabel("Signed in as").waitFor({ timeout: 30_000 });
    const cookies = await context.cookies(base);
    return cookies.map((c) => `${c.name}=${c.value}`).join("; ");
  } finally {
    await context.close();
  }
}

// ---------------------------------------------------------------------------- bare SQL

interface SqlTiming {
  mean: number;
  p99: number;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;

async function timeSql(work: () => Promise<unknown>): Promise<SqlTiming> {
  for (let i = 0; i < 20; i++) await work(); // warm: plans cached, pages in memory
  const times: number[] = [];
  for (let i = 0; i < SQL_RUNS; i++) {
    const start = performance.now();
    await work();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { mean: times.reduce((a, b) => a + b, 0) / times.length, p99: percentile(times, 0.99) };
}

/** One statement, prepared, with its parameters: as Drizzle sends it through postgres.js. */
const send = (sql: postgres.Sql, { sql: text, params }: Statement) =>
  sql.unsafe(text, params as postgres.ParameterOrJSON<never>[], { prepare: true });

// The statements are built from the pages' own query builders (scripts/bench-queries.ts), once,
// before the timing: the timed runs send them and nothing else.

/**
 * What every page reads first: the session and its user, in one join (lib/auth/session-query.ts),
 * then the header's unread count for the bell (lib/notifications/read.ts).
 */
async function sessionQueries(sql: postgres.Sql, session: Statement) {
  const [user] = await send(sql, session);
  if (!user) throw new Error("the bench session is not valid");
  await send(sql, unreadCountStatement(user.id as string));
}

/** The board's three queries (lib/board/read.ts) after the session, as getBoard runs them. */
function boardQueries(sql: postgres.Sql, token: string): () => Promise<void> {
  const session = sessionStatement(token);
  const now = new Date();
  const board = boardStatements(now);
  return async () => {
    await sessionQueries(sql, session);
    const [cards] = await Promise.all([send(sql, board.cards), send(sql, board.totals), send(sql, board.gms)]);
    if (cards.length !== 4 * BOARD_LANE_CAP) throw new Error(`the board query found ${cards.length} cards`);
  };
}

/** The canvas page's queries (lib/canvas/read.ts), side by side after the session. */
function canvasQueries(sql: postgres.Sql, token: string, vbuId: string): () => Promise<void> {
  const session = sessionStatement(token);
  const canvas = canvasStatements(vbuId);
  return async () => {
    await sessionQueries(sql, session);
    const [[found], contents] = await Promise.all([
      send(sql, canvas.canvas),
      send(sql, canvas.contents),
      send(sql, canvas.latestReview),
    ]);
    if (!found) return; // not found: the page stops here too
    if (contents.length !== THESES_PER_CANVAS * POINTS_PER_THESIS) throw new Error("the canvas is not fully seeded");
  };
}

/** The portfolio's reviews of a month (lib/reviews/read.ts), side by side after the session. */
function portfolioReviewSql(sql: postgres.Sql, token: string, month: string): () => Promise<void> {
  const session = sessionStatement(token);
  const reviews = portfolioReviewStatements(month);
  return async () => {
    await sessionQueries(sql, session);
    const [rows] = await Promise.all([send(sql, reviews.rows), send(sql, reviews.awaiting)]);
    if (rows.length !== VBUS) throw new Error(`the reviews page found ${rows.length} VBUs`);
  };
}

/** One review's page (lib/reviews/read.ts), side by side after the session. */
function reviewPageSql(sql: postgres.Sql, token: string, vbuId: string, month: string): () => Promise<void> {
  const session = sessionStatement(token);
  const review = reviewPageStatements(vbuId, month);
  return async () => {
    await sessionQueries(sql, session);
    const [, [found]] = await Promise.all([
      send(sql, review.vbu),
      send(sql, review.review),
      send(sql, review.previous),
    ]);
    if (!found) throw new Error("the review page's review is not seeded");
  };
}

/** The history page's queries that grow with the history (lib/history/read.ts), side by side after the session. */
function historySql(sql: postgres.Sql, token: string, vbuId: string): () => Promise<void> {
  const session = sessionStatement(token);
  const history = historyStatements(vbuId);
  return async () => {
    await sessionQueries(sql, session);
    const [page] = await Promise.all([send(sql, history.page), send(sql, history.names), send(sql, history.facets)]);
    if (page.length === 0) throw new Error("the history page found no entries");
  };
}

/** The trends page's four queries (lib/trends/read.ts), side by side after the session. */
function trendsSql(sql: postgres.Sql, token: string): () => Promise<void> {
  const session = sessionStatement(token);
  const trends = trendsStatements(new Date());
  return async () => {
    await sessionQueries(sql, session);
    await Promise.all(Object.values(trends).map((statement) => send(sql, statement)));
  };
}

// ---------------------------------------------------------------------------- a canvas save, with and without history

const SAVE_RUNS = 300;

/**
 * The canvas save the form makes (lib/canvas/write.ts saveCanvas, in this process, on the bench's
 * database), timed with the history's trigger on canvases and with it switched off, in
 * alternating batches so that neither gets the warmer cache or the quieter machine.
 */
async function measureSaveCost(vbuId: string, gmId: string): Promise<{ on: SqlTiming; off: SqlTiming }> {
  (globalThis as unknown as { canvasDatabase?: unknown }).canvasDatabase = database!;
  const actor = { id: gmId, role: "gm" as const };
  let n = 0;
  const save = async () => {
    const [canvas] = await client!`SELECT version FROM canvases WHERE vbu_id = ${vbuId}`;
    await saveCanvas(
      actor,
      saveCanvasSchema.parse({
        vbuId,
        version: String(canvas!.version as number),
        productName: "Product of the bench",
        lifecycleLane: "build",
        successDescription: `Customers renew and expand, run ${n++}.`,
        futureStateIntent: "",
        primaryFocus: `Focus ${n}`,
        resistDoing: "",
        goodDiscipline: "",
        primaryConstraint: "",
      }),
    );
  };
  const trigger = (on: boolean) =>
    client!.unsafe(`ALTER TABLE canvases ${on ? "ENABLE" : "DISABLE"} TRIGGER canvases_history`);
  const times = { on: [] as number[], off: [] as number[] };
  for (let i = 0; i < 20; i++) await save(); // warm
  for (let batch = 0; batch < 6; batch++) {
    const on = batch % 2 === 0;
    await trigger(on);
    for (let i = 0; i < SAVE_RUNS / 6; i++) {
      const start = performance.now();
      await save();
      times[on ? "on" : "off"].push(performance.now() - start);
    }
  }
  await trigger(true);
  const summary = (list: number[]): SqlTiming => {
    list.sort((a, b) => a - b);
    return { mean: list.reduce((a, b) => a + b, 0) / list.length, p99: percentile(list, 0.99) };
  };
  return { on: summary(times.on), off: summary(times.off) };
}

// ---------------------------------------------------------------------------- measuring

interface Row {
  page: string;
  /** The p99 budget in ms, or null for a reference row. */
  budget: number | null;
  rps: number;
  p50: number;
  p99: number;
  sql: SqlTiming;
}

async function measure(
  url: string,
  cookie: string,
  expectText: string,
  status: number,
): Promise<Omit<Row, "page" | "budget" | "sql">> {
  // One request first: the page must really be the page (not a redirect to sign-in, not an error).
  const response = await fetch(url, { headers: { cookie }, redirect: "manual" });
  const body = await response.text();
  if (response.status !== status || !body.includes(expectText)) {
    throw new Error(`${url} answered ${response.status} without “${expectText}”: check the sign-in`);
  }
  const options = { url, connections: CONNECTIONS, headers: { cookie }, timeout: 10 };
  await autocannon({ ...options, duration: WARMUP_SECONDS });
  const result = await autocannon({ ...options, duration: DURATION_SECONDS });
  const unexpected = status === 200 ? result.non2xx : result["2xx"] + result["3xx"] + result["5xx"];
  if (result.errors || unexpected) {
    throw new Error(`${url}: ${result.errors} errors and ${unexpected} unexpected answers under load`);
  }
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
}

function table(rows: Row[]): string {
  const header = [
    "Page",
    "req/s",
    "share of reference",
    "p50 ms",
    "p99 ms",
    "SQL mean ms",
    "SQL p99 ms",
    "page p50 / SQL",
    "Budget (p99)",
  ];
  const reference = rows.find((r) => r.budget === null);
  const lines = rows.map((r) => [
    r.page,
    r.rps.toFixed(1),
    reference ? `${((100 * r.rps) / reference.rps).toFixed(0)} %` : "—",
    r.p50.toFixed(0),
    r.p99.toFixed(0),
    r.sql.mean.toFixed(2),
    r.sql.p99.toFixed(2),
    `${(r.p50 / r.sql.mean).toFixed(1)}×`,
    r.budget === null ? "reference" : `${r.p99 < r.budget ? "PASS" : "FAIL"} (< ${r.budget} ms)`,
  ]);
  return [header, header.map(() => "---"), ...lines].map((cells) => `| ${cells.join(" | ")} |`).join("\n");
}

// ---------------------------------------------------------------------------- PDF documents

/**
 * canvas.pdf's p50 (one request at a time, and at CONNECTIONS connections), and the portfolio
 * pack for 100 VBUs (a search that matches "Bench VBU 0100" to "0199") and for all 1,000: total
 * time, first byte and the server's added memory (scripts/bench-pdf.ts). Goals: under 30 s,
 * first byte under 2 s, under 300 MB added.
 */
async function measurePdfs(base: string, cookie: string, vbuId: string): Promise<boolean> {
  const canvasUrl = `${base}/vbus/${vbuId}/canvas.pdf`;
  const alone = await sequentialP50(canvasUrl, cookie);
  const options = { url: canvasUrl, connections: CONNECTIONS, headers: { cookie }, timeout: 10 };
  await autocannon({ ...options, duration: WARMUP_SECONDS });
  const loaded = await autocannon({ ...options, duration: DURATION_SECONDS });
  if (loaded.errors || loaded.non2xx) throw new Error(`${canvasUrl}: errors under load`);
  console.log(
    `\ncanvas.pdf (/vbus/[id]/canvas.pdf), viewer: p50 ${alone.toFixed(0)} ms one at a time; at ${CONNECTIONS} connections ${loaded.requests.average.toFixed(1)} req/s, p50 ${loaded.latency.p50} ms, p99 ${loaded.latency.p99} ms`,
  );
  const pgid = server!.pid!;
  // "VBU 01" of 1,000 (0100–0199), "VBU 001" of 10,000 (00100–00199): 100 VBUs either way.
  const hundred = `VBU ${"0".repeat(VBU_DIGITS - 3)}1`;
  const packs = [
    {
      label: `Portfolio pack, 100 VBUs (?q=${hundred})`,
      vbus: 100,
      url: `${base}/export/portfolio.pdf?q=${encodeURIComponent(hundred)}`,
    },
    // The goals are for 1,000 VBUs; a larger portfolio's pack is its own question.
    ...(VBUS <= 1000 ? [{ label: "Portfolio pack, every VBU", vbus: VBUS, url: `${base}/export/portfolio.pdf` }] : []),
  ];
  const lines = [];
  let ok = true;
  for (const pack of packs) {
    log(`${pack.label}: downloading`);
    const result = await download(pack.url, cookie, pgid);
    lines.push(packRow(pack.label, pack.vbus, result));
    ok &&= packPasses(result);
  }
  console.log(`\n${PACK_HEADER}\n${lines.join("\n")}`);
  return ok;
}

// ---------------------------------------------------------------------------- page weight

/** A photo-sized PNG (about 2 MB of noise, which does not compress), different every time. */
async function evidencePng(): Promise<Uint8Array<ArrayBuffer>> {
  const noise = { type: "gaussian", mean: 128, sigma: 40 } as const;
  const image = sharp({ create: { width: 820, height: 820, channels: 3, background: "#888", noise } });
  return new Uint8Array(await image.png({ compressionLevel: 1 }).toBuffer());
}

/**
 * The canvas page's first load for a viewer, once its GM has uploaded EVIDENCE_IMAGES photos
 * through the real upload route: the HTML plus the thumbnails it shows, and the same page as it
 * was when it showed each whole file (its download URL) instead.
 */
async function measurePageWeight(base: string, gmCookie: string, viewerCookie: string, vbuId: string) {
  const [point] = await client!`
    SELECT pp.id FROM proof_points pp JOIN theses t ON t.id = pp.thesis_id JOIN canvases c ON c.id = t.canvas_id
    WHERE c.vbu_id = ${vbuId} ORDER BY t."order", pp.created_at LIMIT 1`;
  let uploaded = 0;
  for (let i = 1; i <= EVIDENCE_IMAGES; i++) {
    const body = await evidencePng();
    uploaded += body.byteLength;
    const response = await fetch(`${base}/api/proof-points/${point!.id as string}/attachments`, {
      method: "POST",
      headers: { cookie: gmCookie, "x-file-name": `site-photo-${i}.png`, "content-length": String(body.byteLength) },
      body,
    });
    if (response.status !== 201) throw new Error(`upload ${i} answered ${response.status}: ${await response.text()}`);
  }
  const url = `${base}/vbus/${vbuId}`;
  const now = await pageWeight(url, viewerCookie);
  if (now.images.length !== EVIDENCE_IMAGES) throw new Error(`the page shows ${now.images.length} images`);
  const whole = await pageWeight(url, viewerCookie, { imageUrl: (src) => src.replace(/\/thumbnail$/, "") });
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  const verdict = now.total < PAGE_WEIGHT_BUDGET ? "PASS" : "FAIL";
  const header = ["Page", "evidence images", "HTML", "images", "total", "with whole files", "Budget"];
  const row = [
    "Canvas (/vbus/[id]), viewer, first load",
    `${EVIDENCE_IMAGES} PNGs, ${kb(uploaded / EVIDENCE_IMAGES)} each`,
    kb(now.html),
    kb(now.total - now.html),
    kb(now.total),
    kb(whole.total),
    `${verdict} (< ${kb(PAGE_WEIGHT_BUDGET)})`,
  ];
  console.log(`\nBytes per page: the HTML and the images it references, as received.\n`);
  console.log([header, header.map(() => "---"), row].map((cells) => `| ${cells.join(" | ")} |`).join("\n"));
  return now.total < PAGE_WEIGHT_BUDGET;
}

// ---------------------------------------------------------------------------- the run

const load = () =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(" ");

async function main(): Promise<boolean> {
  const started = performance.now();
  // Other work on the machine skews every figure: say how busy it was.
  log(`${cpus().length} CPUs, Node ${process.version}; load average before: ${load()}`);
  database = await createScratchDatabase("postgres");
  log(`fresh database ${new URL(database.url!).pathname.slice(1)}`);
  await seedDemo(database.db);
  client = postgres(database.url!, { max: 1, onnotice: () => {} });
  // Its one connection's changes are the bench's in the change history (lib/history/actor.ts).
  await client`SELECT set_config('canvas.actor', 'system:bench', false)`;
  const [server] = await client`SELECT current_setting('server_version') AS version`;
  log(`PostgreSQL ${server!.version as string}`);
  const seedStart = performance.now();
  await seedLargePortfolio(client);
  const [counts] = await client`
    SELECT (SELECT count(*) FROM vbus)::int AS vbus, (SELECT count(*) FROM theses)::int AS theses,
           (SELECT count(*) FROM proof_points)::int AS proof_points`;
  log(
    `seeded ${counts!.vbus} VBUs, ${counts!.theses} theses, ${counts!.proof_points} proof points in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`,
  );

  await buildIfStale();
  const base = await startServer(database.url!);
  log(`next start on ${base}`);

  const cookies = {
    viewer: await signIn(base, "viewer"),
    admin: await signIn(base, "admin"),
    ana: await signIn(base, "ana"),
  };
  await browser?.close();
  browser = undefined;

  const tokens = Object.fromEntries(
    await Promise.all(
      (["viewer", "admin", "ana"] as const).map(async (who) => {
        const [row] = await client!`
          SELECT s.token FROM sessions s JOIN users u ON u.id = s.user_id
          WHERE u.email = ${DEMO_USERS.find((u) => u.key === who)!.email} ORDER BY s.created_at DESC LIMIT 1`;
        return [who, row!.token as string] as const;
      }),
    ),
  ) as Record<Person, string>;
  const [anasVbu] = await client`
    SELECT v.id, v.name FROM vbus v JOIN users u ON u.id = v.gm_id
    WHERE u.email = ${DEMO_USERS.find((u) => u.key === "ana")!.email} ORDER BY v.name LIMIT 1`;
  const vbuId = anasVbu!.id as string;
  const vbuName = anasVbu!.name as string;
  await seedFullDiff(vbuId);
  await seedLongHistory(vbuId);
  const lastMonth = monthAt(new Date(), -1);

  const scenarios: {
    page: string;
    url: string;
    cookie: string;
    expect: string;
    status?: number;
    budget: number | null;
    sql: () => Promise<unknown>;
  }[] = [
    {
      page: "Board (/board), viewer",
      url: `${base}/board`,
      cookie: cookies.viewer,
      expect: `Show all ${VBUS / 4} in Build`,
      budget: BUDGET_MS.board,
      sql: boardQueries(client, tokens.viewer),
    },
    {
      page: "Board (/board), admin with lane controls",
      url: `${base}/board`,
      cookie: cookies.admin,
      expect: "Move to another lane",
      budget: BUDGET_MS.board,
      sql: boardQueries(client, tokens.admin),
    },
    {
      page: "Canvas (/vbus/[id]), its GM (editor)",
      url: `${base}/vbus/${vbuId}`,
      cookie: cookies.ana,
      expect: "Save canvas",
      budget: BUDGET_MS.canvas,
      sql: canvasQueries(client, tokens.ana, vbuId),
    },
    {
      page: "Canvas (/vbus/[id]), viewer",
      url: `${base}/vbus/${vbuId}`,
      cookie: cookies.viewer,
      expect: vbuName,
      budget: BUDGET_MS.canvas,
      sql: canvasQueries(client, tokens.viewer, vbuId),
    },
    {
      page: `Reviews (/reviews/[month]), ${VBUS_LABEL}, admin with the queue`,
      url: `${base}/reviews/${monthParam(lastMonth)}`,
      cookie: cookies.admin,
      expect: "Awaiting acknowledgement",
      budget: BUDGET_MS.board,
      sql: portfolioReviewSql(client, tokens.admin, lastMonth),
    },
    {
      page: "Review (/vbus/[id]/reviews/[month]), viewer, full diff",
      url: `${base}/vbus/${vbuId}/reviews/${monthParam(lastMonth)}`,
      cookie: cookies.viewer,
      expect: "In progress → Observed",
      budget: BUDGET_MS.canvas,
      sql: reviewPageSql(client, tokens.viewer, vbuId, lastMonth),
    },
    {
      page: "History (/vbus/[id]/history), viewer, 10,000 entries",
      url: `${base}/vbus/${vbuId}/history`,
      cookie: cookies.viewer,
      expect: "Older changes",
      budget: BUDGET_MS.canvas,
      sql: historySql(client, tokens.viewer, vbuId),
    },
    {
      page: `Trends (/trends), ${VBUS_LABEL}, a year of history, viewer`,
      url: `${base}/trends`,
      cookie: cookies.viewer,
      expect: "Proof points by status",
      budget: BUDGET_MS.board,
      sql: trendsSql(client, tokens.viewer),
    },
    {
      // The floor: the cheapest signed-in page (session, layout, one query, "not found").
      page: "Reference: not found (/vbus/[unknown id]), viewer",
      url: `${base}/vbus/${UNKNOWN_VBU}`,
      cookie: cookies.viewer,
      expect: "not found",
      status: 404,
      budget: null,
      sql: canvasQueries(client, tokens.viewer, UNKNOWN_VBU),
    },
  ];

  if (PAGE_WEIGHT_ONLY) return measurePageWeight(base, cookies.ana, cookies.viewer, vbuId);
  if (PDF_ONLY) return measurePdfs(base, cookies.viewer, vbuId);

  if (HOLD) {
    // For profiling: the server and its data stay up until Ctrl-C.
    for (const s of scenarios) log(`${s.page}: curl -H 'cookie: ${s.cookie}' ${s.url}`);
    log(`another server on the same data: DATABASE_URL=${database.url} BETTER_AUTH_SECRET=${authSecret} next start`);
    log("holding (--hold): press Ctrl-C to stop the server and drop the database");
    clearTimeout(watchdog); // held on purpose: no time limit
    await new Promise(() => {});
  }

  const rows: Row[] = [];
  for (const s of scenarios) {
    log(`${s.page}: bare SQL × ${SQL_RUNS}`);
    const sql = await timeSql(s.sql);
    log(`${s.page}: autocannon, ${CONNECTIONS} connections, ${DURATION_SECONDS} s`);
    const http = await measure(s.url, s.cookie, s.expect, s.status ?? 200);
    rows.push({ page: s.page, budget: s.budget, sql, ...http });
  }

  console.log(
    `\n${VBUS} VBUs × ${THESES_PER_CANVAS} theses × ${POINTS_PER_THESIS} proof points; ${CONNECTIONS} connections, ${DURATION_SECONDS} s per page; bare SQL = the page's statements as it runs them (in sequence, or side by side where it does), one request at a time, ${SQL_RUNS} times.\n`,
  );
  console.log(table(rows));
  const [anaRow] = await client`SELECT id FROM users WHERE email = ${DEMO_USERS.find((u) => u.key === "ana")!.email}`;
  const cost = await measureSaveCost(vbuId, anaRow!.id as string);
  console.log(
    `\nA canvas save (saveCanvas, ${SAVE_RUNS} runs, alternating): with history ${cost.on.mean.toFixed(2)} ms mean, ${cost.on.p99.toFixed(2)} ms p99; without ${cost.off.mean.toFixed(2)} ms mean, ${cost.off.p99.toFixed(2)} ms p99; ratio ${(cost.on.mean / cost.off.mean).toFixed(2)}× (budget 1.3×: ${cost.on.mean / cost.off.mean <= 1.3 ? "PASS" : "FAIL"})`,
  );
  const pdfs = await measurePdfs(base, cookies.viewer, vbuId);
  // Last: its ten uploads would otherwise make the canvas page the load test measures heavier.
  const light = await measurePageWeight(base, cookies.ana, cookies.viewer, vbuId);
  console.log(`\nbench: done in ${((performance.now() - started) / 1000).toFixed(0)} s; load average after: ${load()}`);
  return light && pdfs && rows.every((r) => r.budget === null || r.p99 < r.budget);
}

let exitCode = 1;
try {
  exitCode = (await main()) ? 0 : 1;
  if (exitCode) console.error("bench: over budget");
} catch (error) {
  console.error(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
} finally {
  await cleanup();
}
process.exit(exitCode);

/** The portfolio's size from `--vbus=N` (100 to 100,000), else 1,000. */
function vbusOf(argv: string[]): number {
  const arg = argv.find((a) => a.startsWith("--vbus="));
  if (!arg) return 1000;
  const n = Number(arg.slice("--vbus=".length));
  if (!Number.isInteger(n) || n < 100 || n > 100_000) {
    console.error(`bench: --vbus takes a whole number of VBUs from 100 to 100000, not "${arg.slice(7)}"`);
    process.exit(2);
  }
  return n;
}
