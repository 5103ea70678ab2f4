// Throwaway databases, made and migrated on demand and removed afterwards: a new database on a
// PostgreSQL server, or a new in-memory PGlite. The tests (tests/support/database.ts), the
// browser-test runner (scripts/e2e.ts) and the benchmark use them; none of them is the app's.
//
// A database can also be copied from a template (a database made once, then cloned): on
// PostgreSQL `CREATE DATABASE … TEMPLATE`, on PGlite a new instance loaded from a dump of the
// template's data directory. Migrating (and seeding) once and cloning many times is what keeps
// the test suite fast (docs/testing.md).
import { randomBytes } from "node:crypto";
import { readFile, rm, writeFile } from "node:fs/promises";
import { PGlite } from "@electric-sql/pglite";
import { type SQL, sql } from "drizzle-orm";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import type { SystemActor } from "../lib/history/actor";
import postgres from "postgres";
import { type Database, type DatabaseHandle, type Engine, openDatabase } from "./client";
import { installJobQueue } from "../lib/jobs/install";
import { migrateUp } from "./migrate";
import * as schema from "./schema";

/** The server scratch databases are made on; its maintenance database creates and drops them. */
export const POSTGRES_ADMIN_URL = process.env.TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

/** A raw query's rows: postgres.js answers an array of rows, PGlite an object holding them. */
export async function queryRows<T extends Record<string, unknown>>(db: Database, query: SQL): Promise<T[]> {
  const result = await db.execute<T>(query);
  return Array.isArray(result) ? (result as T[]) : (result as { rows: T[] }).rows;
}

export interface ScratchDatabase extends DatabaseHandle {
  /** Its connection URL on PostgreSQL (null for PGlite in memory), for a server to use. */
  url: string | null;
  /** Closes the connection and removes the database. */
  drop(): Promise<void>;
  /**
   * Closes the connection and keeps the database as a template to clone (nobody may be connected
   * to a template while it is cloned): on PGlite its data directory, written to `pgliteFile`.
   */
  keepAsTemplate(pgliteFile: string): Promise<ScratchTemplate>;
}

export interface ScratchOptions {
  /**
   * The acting user of every connection's changes unless a transaction names its own (the change
   * history's canvas.actor, lib/history/actor.ts): the unit tests write rows directly, as
   * "System (tests)". The app's own writes name their actor in each transaction.
   */
  defaultActor?: SystemActor;
}

/**
 * A database to clone (plain data, so that it can be handed to other processes): a database on
 * the PostgreSQL server that nobody is connected to, or a file holding a PGlite data directory.
 */
export type ScratchTemplate = { engine: "postgres"; database: string } | { engine: "pglite"; dataDirFile: string };

/** A new, empty database of the engine (no migrations). */
export async function createEmptyDatabase(engine: Engine, options: ScratchOptions = {}): Promise<ScratchDatabase> {
  if (engine === "pglite") return openPglite(new PGlite(), options);
  return createPostgres(scratchName("canvas_test"), null, options);
}

/** A new database of the engine with every migration applied. */
export async function createScratchDatabase(engine: Engine, options: ScratchOptions = {}): Promise<ScratchDatabase> {
  const database = await createEmptyDatabase(engine, options);
  try {
    await migrateUp(database.db);
    await installJobQueue(database);
    return database;
  } catch (error) {
    await database.drop();
    throw error;
  }
}

/** A new database holding what the template holds (its own copy: changes stay in it). */
export async function cloneDatabase(template: ScratchTemplate, options: ScratchOptions = {}): Promise<ScratchDatabase> {
  if (template.engine === "postgres") return createPostgres(scratchName("canvas_test"), template.database, options);
  const dump = await readFile(template.dataDirFile);
  return openPglite(new PGlite({ loadDataDir: new Blob([dump]) }), options);
}

/** Removes a template (a crashed run's are left behind, under names no later run uses). */
export async function dropTemplate(template: ScratchTemplate): Promise<void> {
  if (template.engine === "pglite") return rm(template.dataDirFile, { force: true });
  await dropPostgres(template.database);
}

function scratchName(prefix: string): string {
  return `${prefix}_${Date.now()}_${randomBytes(4).toString("hex")}`;
}

async function openPglite(client: PGlite, options: ScratchOptions): Promise<ScratchDatabase> {
  // As db/client.ts opens PGlite, but on an instance made here (from a template's data directory).
  const handle: DatabaseHandle = {
    db: drizzlePglite(client, { schema }),
    engine: "pglite",
    description: "PGlite (in memory)",
    queue: { pglite: client },
    close: () => client.close(),
  };
  // One connection, for its whole life: a session setting is every change's default.
  if (options.defaultActor)
    await handle.db.execute(sql`SELECT set_config('canvas.actor', ${options.defaultActor}, false)`);
  return {
    ...handle,
    url: null,
    drop: () => handle.close(),
    keepAsTemplate: async (pgliteFile) => {
      const dump = await client.dumpDataDir("none");
      await writeFile(pgliteFile, new Uint8Array(await dump.arrayBuffer()));
      await handle.close();
      return { engine: "pglite", dataDirFile: pgliteFile };
    },
  };
}

async function createPostgres(
  name: string,
  template: string | null,
  options: ScratchOptions,
): Promise<ScratchDatabase> {
  const admin = postgres(POSTGRES_ADMIN_URL, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ""}`);
    if (options.defaultActor) {
      // Before any connection opens: a database's settings apply to sessions that start later.
      // A clone does not inherit its template's: each database gets its own.
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
      await dropPostgres(name);
    },
    keepAsTemplate: async () => {
      await handle.close();
      return { engine: "postgres", database: name };
    },
  };
}

async function dropPostgres(name: string): Promise<void> {
  const dropper = postgres(POSTGRES_ADMIN_URL, { max: 1, onnotice: () => {} });
  try {
    await dropper.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await dropper.end();
  }
}
