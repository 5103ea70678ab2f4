// The app's PostgreSQL connection pool when the database goes away, on a real server: backends
// killed under it (pg_terminate_backend), the database refusing connections (ALLOW_CONNECTIONS
// false), and every connection busy. Reads survive a killed connection, writes are not
// retried, nothing waits past a request's budget, and the pool recovers by itself.
import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { type DatabaseHandle, openDatabase, TIMEOUTS } from "../../db/client";
import { POSTGRES_ADMIN_URL, queryRows } from "../support/database";

/** A request's budget: while PostgreSQL is unreachable, every request answers within it. */
const BUDGET_MS = 5_000;

let name: string;
let admin: postgres.Sql;
let app: DatabaseHandle;

beforeEach(async () => {
  name = `canvas_outage_${Date.now()}_${randomBytes(4).toString("hex")}`;
  admin = postgres(POSTGRES_ADMIN_URL, { max: 2, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE "${name}"`);
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  app = openDatabase({ url: url.toString(), requestTimeouts: true });
  await app.db.execute(sql`CREATE TABLE notes (id serial PRIMARY KEY, body text NOT NULL)`);
});

afterEach(async () => {
  // Always let connections in again, or the database could not be dropped.
  await admin.unsafe(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS true`);
  await app.close();
  await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.end();
});

/** Kills every connection the app holds, as an administrator (or a failover) would. */
async function killConnections(): Promise<number> {
  const rows = await admin`
    SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity
    WHERE datname = ${name} AND pid <> pg_backend_pid()`;
  return rows.length;
}

/** Waits until a statement containing `text` is running in the app's database (vitest's waitFor polls). */
async function runningNow(text: string): Promise<void> {
  await vi.waitFor(
    async () => {
      const rows = await admin`
        SELECT 1 FROM pg_stat_activity
        WHERE datname = ${name} AND state = 'active' AND query LIKE ${`%${text}%`} AND pid <> pg_backend_pid()`;
      if (rows.length === 0) throw new Error(`"${text}" never started running`);
    },
    { timeout: 5_000, interval: 20 },
  );
}

/** How a promise ended, and how long it took. */
async function settle<T>(work: Promise<T>): Promise<{ value?: T; error?: unknown; ms: number }> {
  const started = performance.now();
  try {
    const value = await work;
    return { value, ms: performance.now() - started };
  } catch (error) {
    return { error, ms: performance.now() - started };
  }
}

const count = async () => (await queryRows<{ n: number }>(app.db, sql`SELECT count(*)::int AS n FROM notes`))[0]!.n;

describe("a killed connection", () => {
  it("is invisible to a read running on it: the read is retried once on a fresh connection", async () => {
    const read = queryRows<{ one: number }>(app.db, sql`SELECT 1 AS one, pg_sleep(0.5) AS read_under_test`);
    await runningNow("read_under_test");
    expect(await killConnections()).toBeGreaterThan(0);
    expect(await read).toEqual([{ one: 1, read_under_test: "" }]);
  });

  it("is invisible to reads sent together just after every connection was killed", async () => {
    await Promise.all(Array.from({ length: 6 }, () => app.db.execute(sql`SELECT pg_sleep(0.05)`))); // six open connections
    expect(await killConnections()).toBeGreaterThanOrEqual(6);
    const reads = await Promise.allSettled(Array.from({ length: 6 }, () => count()));
    expect(reads.map((r) => r.status)).toEqual(Array(6).fill("fulfilled"));
  });

  it("fails a write running on it as 'database unavailable', and does not retry it", async () => {
    const write = settle(app.db.execute(sql`INSERT INTO notes (body) SELECT 'write_under_test' FROM pg_sleep(0.5)`));
    await runningNow("write_under_test");
    await killConnections();
    const { error } = await write;
    expect(error).toMatchObject({ name: "DatabaseUnavailableError" });
    expect(await count()).toBe(0); // not applied, and not tried again
  });

  it("fails a transaction running on it as 'database unavailable', and does not retry it", async () => {
    const transaction = settle(
      app.db.transaction(async (tx) => {
        await tx.execute(sql`INSERT INTO notes (body) VALUES ('in a transaction')`);
        await tx.execute(sql`SELECT pg_sleep(0.5) AS transaction_under_test`);
      }),
    );
    await runningNow("transaction_under_test");
    await killConnections();
    expect((await transaction).error).toMatchObject({ name: "DatabaseUnavailableError" });
    expect(await count()).toBe(0);
  });
});

describe("a database refusing connections", () => {
  it("fails reads, writes and transactions within the budget, then recovers by itself when allowed again", async () => {
    await count(); // the pool has open connections, as a running app would
    await admin.unsafe(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS false`);
    await killConnections();

    const burst = await Promise.all([
      ...Array.from({ length: 12 }, () => settle(count())),
      settle(app.db.execute(sql`INSERT INTO notes (body) VALUES ('refused')`)),
      settle(app.db.transaction(async (tx) => tx.execute(sql`INSERT INTO notes (body) VALUES ('refused')`))),
    ]);
    for (const outcome of burst) {
      expect(outcome.error).toMatchObject({ name: "DatabaseUnavailableError" });
      expect(outcome.ms).toBeLessThan(BUDGET_MS);
    }
    // Still refused a moment later: still fast.
    const again = await settle(count());
    expect(again.error).toMatchObject({ name: "DatabaseUnavailableError" });
    expect(again.ms).toBeLessThan(BUDGET_MS);

    await admin.unsafe(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS true`);
    // The pool recovers by itself within the budget: a read succeeds again, with nothing reset.
    await vi.waitFor(
      async () => {
        const { error } = await settle(count());
        if (error) throw new Error("the pool did not recover within the budget after connections were allowed");
      },
      { timeout: BUDGET_MS, interval: 50 },
    );
    await app.db.execute(sql`INSERT INTO notes (body) VALUES ('after')`);
    expect(await count()).toBe(1);
  });
});

describe("every connection busy", () => {
  it("gives up a statement and a transaction waiting for a connection at the deadline, and never runs them late", async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const holders = Array.from({ length: 10 }, () =>
      app.db.transaction(async (tx) => {
        await tx.execute(sql`SELECT 1`);
        await released;
      }),
    );
    try {
      let lateRun = false;
      const [statement, transaction] = await Promise.all([
        settle(count()),
        settle(
          app.db.transaction(async (tx) => {
            lateRun = true;
            await tx.execute(sql`INSERT INTO notes (body) VALUES ('late')`);
          }),
        ),
      ]);
      for (const outcome of [statement, transaction]) {
        expect(outcome.error).toMatchObject({ name: "DatabaseUnavailableError" });
        expect(outcome.ms).toBeGreaterThanOrEqual(TIMEOUTS.deadlineMs - 100);
        expect(outcome.ms).toBeLessThan(BUDGET_MS);
      }
      release();
      await Promise.all(holders);
      expect(await count()).toBe(0);
      expect(lateRun).toBe(false);
    } finally {
      release();
      await Promise.allSettled(holders);
    }
  });
});
