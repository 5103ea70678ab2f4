// Throwaway databases, made and migrated on demand and removed afterwards: a new database on a
// PostgreSQL server, or a new in-memory PGlite. The tests (tests/support/database.ts), the
// browser-test runner (scripts/e2e.ts) and the benchmark use them; none of them is the app's.
import { randomBytes } from "node:crypto";
import { type SQL, sql } from "drizzle-orm";
import type { SystemActor } from "../lib/history/actor";
import postgres from "postgres";
import { type Database, type DatabaseHandle, type Engine, openDatabase } from "./client";
import { migrateUp } from "./migrate";

/** The server scratch databases are made on; its maintenance database creates and drops them. */
export const POSTGRES_ADMIN_URL = process.env.TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

/** The rows of a raw query: postgres.js answers an array of rows, PGlite an object holding them. */
export async function queryRows<T extends Record<string, unknown>>(db: Database, query: SQL): Promise<T[]> {
  const result = await db.execute<T>(query);
  return Array.isArray(result) ? (result as T[]) : (result as { rows: T[] }).rows;
}

export interface ScratchDatabase extends DatabaseHandle {
  /** Its connection URL on PostgreSQL (null for PGlite in memory), for a server to use. */
  url: string | null;
  /** Closes the connection and removes the database. */
  drop(): Promise<void>;
}

export interface ScratchOptions {
  /**
   * The acting user of every connection's changes unless a transaction names its own (the change
   * history's canvas.actor, lib/history/actor.ts): the unit tests write rows directly, as
   * "System (tests)". The app's own writes name their actor in each transaction.
   */
  defaultActor?: SystemActor;
}

/** A new, empty database of the engine (no migrations). */
export async function createEmptyDatabase(engine: Engine, options: ScratchOptions = {}): Promise<ScratchDatabase> {
  if (engine === "pglite") {
    const handle = openDatabase({ memory: true });
    // One connection, for its whole life: a session setting is every change's default.
    if (options.defaultActor)
      await handle.db.execute(sql`SELECT set_config('canvas.actor', ${options.defaultActor}, false)`);
    return { ...handle, url: null, drop: () => handle.close() };
  }
  const name = `canvas_test_${Date.now()}_${randomBytes(4).toString("hex")}`;
  const admin = postgres(POSTGRES_ADMIN_URL, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`CREATE DATABASE "${name}"`);
    if (options.defaultActor) {
      // Before any connection opens: a database's settings apply to sessions that start later.
      await admin.unsafe(`ALTER DATABASE "${name}" SET canvas.actor = '${options.defaultActor.replace(/'/g, "")}'`);
    }
  } catch (error) {
    await admin.end();
    throw new Error(
      `Cannot create a test database on ${POSTGRES_ADMIN_URL} (set TEST_POSTGRES_URL to another server): ${String(error)}`,
    );
  }
  await admin.end();
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  const handle = openDatabase({ url: url.toString() });
  return {
    ...handle,
    url: url.toString(),
    drop: async () => {
      await handle.close();
      const dropper = postgres(POSTGRES_ADMIN_URL, { max: 1, onnotice: () => {} });
      try {
        await dropper.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await dropper.end();
      }
    },
  };
}

/** A new database of the engine with every migration applied. */
export async function createScratchDatabase(engine: Engine, options: ScratchOptions = {}): Promise<ScratchDatabase> {
  const database = await createEmptyDatabase(engine, options);
  try {
    await migrateUp(database.db);
    return database;
  } catch (error) {
    await database.drop();
    throw error;
  }
}
