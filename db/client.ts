// Opens the database: postgres.js when DATABASE_URL is set, the embedded PGlite otherwise.
// The app goes through getDb(), a lazy process-wide singleton kept on globalThis so that
// dev hot reloads reuse one pool (or one PGlite) instead of leaking them.
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { readEnv } from "../lib/env";
import { resilientClient } from "./resilient-client";
import { installSafeQueryErrors } from "./safe-errors";
import * as schema from "./schema";

// No query error may carry its parameters into a log (db/safe-errors.ts).
installSafeQueryErrors();

export type Schema = typeof schema;
export type Database = PgDatabase<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
export type Engine = "postgres" | "pglite";

export interface DatabaseHandle {
  db: Database;
  engine: Engine;
  /** Where it points, without credentials, for log lines. */
  description: string;
  /** What the job queue (lib/jobs/) connects through: its own small pool, or the same PGlite. */
  queue: { url: string } | { pglite: PGlite };
  close(): Promise<void>;
}

export type OpenOptions =
  | {
      url: string;
      /** Bound every statement to what a request can wait (the app); scripts such as migrations are left unbounded. */
      requestTimeouts?: boolean;
    }
  | { pgliteDir: string }
  | { memory: true };

export function openDatabase(options: OpenOptions): DatabaseHandle {
  if ("url" in options) return openPostgres(options.url, options.requestTimeouts ?? false);
  if ("memory" in options) return wrapPglite(new PGlite(), "PGlite (in memory)", () => {});
  const dir = resolve(options.pgliteDir);
  mkdirSync(dir, { recursive: true });
  const unlock = lockDirectory(dir);
  try {
    return wrapPglite(new PGlite(dir), `PGlite in ${dir}`, unlock);
  } catch (error) {
    unlock();
    throw error;
  }
}

/** The database named by the environment (DATABASE_URL, or PGLITE_DIR, default .data/pglite). */
export function openDatabaseFromEnv({ requestTimeouts = false } = {}): DatabaseHandle {
  const env = readEnv();
  return env.DATABASE_URL
    ? openDatabase({ url: env.DATABASE_URL, requestTimeouts })
    : openDatabase({ pgliteDir: env.PGLITE_DIR });
}

const globalForDb = globalThis as unknown as { canvasDatabase?: DatabaseHandle };

/** The app's database, opened on first use. */
export function getDb(): Database {
  return getDatabaseHandle().db;
}

/** The app's database with what else shares it (the job queue). */
export function getDatabaseHandle(): DatabaseHandle {
  globalForDb.canvasDatabase ??= openDatabaseFromEnv({ requestTimeouts: true });
  return globalForDb.canvasDatabase;
}

// Timeouts, so that an outage answers within a request's 5 s budget instead of hanging.
// A page's slowest query takes about 200 ms (docs/performance.md).
export const TIMEOUTS = {
  /** Seconds to open a connection: a refusal is instant, a silent host must not hold a request. */
  connectSeconds: 3,
  /** A statement running longer is a runaway: PostgreSQL cancels it (requests only). */
  statementMs: 4_000,
  /** A statement outside a transaction, including its wait for a free connection, or a transaction's wait to begin. */
  deadlineMs: 4_500,
  /** Waiting for another transaction's row lock (a concurrent save) longer than this fails (requests only). */
  lockMs: 3_000,
  /** A transaction left open (its caller crashed) releases its locks. */
  idleInTransactionMs: 10_000,
  /** After a failure to connect, queries fail at once for this long. */
  breakerMs: 1_000,
};

function openPostgres(url: string, requestTimeouts: boolean): DatabaseHandle {
  const pool = () =>
    postgres(url, {
      max: 10,
      onnotice: () => {},
      connect_timeout: TIMEOUTS.connectSeconds,
      // postgres.js waits before reconnecting, by default up to 20 s after repeated failures: a
      // queued query would wait that long. Retry within a second instead.
      backoff: (retries: number) => Math.min(0.1 * retries, 1),
      idle_timeout: 60,
      max_lifetime: 30 * 60,
      connection: {
        application_name: "canvas",
        idle_in_transaction_session_timeout: TIMEOUTS.idleInTransactionMs,
        // Migrations may wait for locks and run long; requests may not.
        ...(requestTimeouts ? { statement_timeout: TIMEOUTS.statementMs, lock_timeout: TIMEOUTS.lockMs } : {}),
      },
    });
  const client = resilientClient(pool, {
    deadlineMs: requestTimeouts ? TIMEOUTS.deadlineMs : null,
    breakerMs: TIMEOUTS.breakerMs,
  });
  const db = drizzlePostgres(client, { schema }) as unknown as Database;
  const { host, pathname } = new URL(url);
  return {
    db,
    engine: "postgres",
    description: `PostgreSQL at ${host}${pathname}`,
    queue: { url },
    close: () => client.end({ timeout: 5 }),
  };
}

function wrapPglite(client: PGlite, description: string, unlock: () => void): DatabaseHandle {
  const db = drizzlePglite(client, { schema }) as unknown as Database;
  return {
    db,
    engine: "pglite",
    description,
    queue: { pglite: client },
    close: async () => {
      try {
        await client.close();
      } finally {
        unlock();
      }
    },
  };
}

// PGlite is single-process: a second process opening the same directory would corrupt it.
// A lock file holding the owner's pid makes the second one fail fast with a clear message;
// a lock left by a process that no longer runs is taken over.
function lockDirectory(dir: string): () => void {
  const lockPath = `${dir}.lock`;
  mkdirSync(dirname(lockPath), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      const release = () => {
        process.removeListener("exit", release);
        try {
          if (readFileSync(lockPath, "utf8") === String(process.pid)) rmSync(lockPath, { force: true });
        } catch {
          // Already gone: nothing to release.
        }
      };
      process.on("exit", release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = Number.parseInt(readFileSync(lockPath, "utf8"), 10);
      if (Number.isInteger(owner) && isRunning(owner)) {
        throw new Error(
          `The embedded database in ${dir} is in use by process ${owner}. ` +
            "Stop that process (only one may open PGlite at a time), or set DATABASE_URL to use PostgreSQL.",
        );
      }
      rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`Could not lock the embedded database in ${dir}`);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
