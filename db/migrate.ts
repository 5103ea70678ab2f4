// Applies and reverts the SQL migrations in drizzle/. drizzle-kit writes the up migrations
// (drizzle/NNNN_name.sql, listed in drizzle/meta/_journal.json); each has its hand-written
// down migration in drizzle/down/ with the same name. Applied migrations are recorded in
// drizzle.canvas_migrations, outside the public schema, so a full rollback leaves public empty.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { asc, eq, sql } from "drizzle-orm";
import { pgSchema, text, timestamp } from "drizzle-orm/pg-core";
import type { Database } from "./client";
import { actAs, type SystemActor } from "../lib/history/actor";

const MIGRATION_ACTOR: SystemActor = "system:migration";

export interface Migration {
  tag: string;
  up: string[];
  down: string[];
}

const MIGRATIONS_DIR = fileURLToPath(new URL("../drizzle", import.meta.url));
// Serialises concurrent migrators (two app instances starting at once).
const LOCK_KEY = 4_207_001;

export function loadMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  const journal = JSON.parse(readFileSync(join(dir, "meta", "_journal.json"), "utf8")) as {
    entries: { idx: number; tag: string }[];
  };
  return [...journal.entries]
    .sort((a, b) => a.idx - b.idx)
    .map(({ tag }) => ({
      tag,
      up: splitStatements(readSql(join(dir, `${tag}.sql`), tag, "up")),
      down: splitStatements(readSql(join(dir, "down", `${tag}.sql`), tag, "down")),
    }));
}

function readSql(path: string, tag: string, direction: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    throw new Error(`Migration ${tag} has no ${direction} migration: expected ${path}`);
  }
}

function splitStatements(text: string): string[] {
  return text
    .split("--> statement-breakpoint")
    .map((s) => s.trim())
    .filter((s) => s.replace(/--.*$/gm, "").trim().length > 0);
}

async function ensureLedger(db: Database): Promise<void> {
  // Under the lock too: two migrators on a new database would otherwise both create the schema,
  // and IF NOT EXISTS does not stop the second from failing on a duplicate catalog row.
  await db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${LOCK_KEY})`);
    await tx.execute(sql`CREATE SCHEMA IF NOT EXISTS drizzle`);
    await tx.execute(
      sql`CREATE TABLE IF NOT EXISTS drizzle.canvas_migrations (
        tag text PRIMARY KEY,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`,
    );
  });
}

// Not part of db/schema.ts: drizzle-kit must not generate it, and the app never reads it.
const ledger = pgSchema("drizzle").table("canvas_migrations", {
  tag: text("tag").primaryKey(),
  appliedAt: timestamp("applied_at", { withTimezone: true }).notNull().defaultNow(),
});

async function appliedTags(db: Pick<Database, "select">): Promise<string[]> {
  const rows = await db.select({ tag: ledger.tag }).from(ledger).orderBy(asc(ledger.tag));
  return rows.map((r) => r.tag);
}

function checkKnown(applied: string[], migrations: Migration[]): void {
  const known = new Set(migrations.map((m) => m.tag));
  const unknown = applied.filter((t) => !known.has(t));
  if (unknown.length > 0) {
    throw new Error(`The database has migrations this code does not know: ${unknown.join(", ")}`);
  }
}

/** Applies every pending migration, each in its own transaction. Returns the tags applied. */
export async function migrateUp(
  db: Database,
  migrations: Migration[] = loadMigrations(),
  log: (line: string) => void = () => {},
): Promise<string[]> {
  await ensureLedger(db);
  const done: string[] = [];
  for (const migration of migrations) {
    const applied = await db.transaction(async (tx) => {
      await tx.execute(sql`SELECT pg_advisory_xact_lock(${LOCK_KEY})`);
      await actAs(tx, MIGRATION_ACTOR); // a migration that changes a canvas's rows is history too
      const tags = await appliedTags(tx);
      checkKnown(tags, migrations);
      if (tags.includes(migration.tag)) return false;
      for (const statement of migration.up) await tx.execute(sql.raw(statement));
      await tx.insert(ledger).values({ tag: migration.tag });
      return true;
    });
    if (applied) {
      log(`applied ${migration.tag}`);
      done.push(migration.tag);
    }
  }
  return done;
}

/** Reverts the latest applied migration. Returns its tag, or null when nothing is applied. */
export async function rollbackLatest(
  db: Database,
  migrations: Migration[] = loadMigrations(),
  log: (line: string) => void = () => {},
): Promise<string | null> {
  await ensureLedger(db);
  const reverted = await db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${LOCK_KEY})`);
    await actAs(tx, MIGRATION_ACTOR);
    const tags = await appliedTags(tx);
    checkKnown(tags, migrations);
    const latest = [...migrations].reverse().find((m) => tags.includes(m.tag));
    if (!latest) return null;
    for (const statement of latest.down) await tx.execute(sql.raw(statement));
    await tx.delete(ledger).where(eq(ledger.tag, latest.tag));
    return latest.tag;
  });
  if (reverted) log(`reverted ${reverted}`);
  return reverted;
}

/** The tags applied to this database, oldest first. */
export async function appliedMigrations(db: Database): Promise<string[]> {
  await ensureLedger(db);
  return appliedTags(db);
}
