// Fresh, migrated databases for tests, on both engines: a new database on the real
// PostgreSQL server (dropped afterwards), or a new in-memory PGlite. No test shares one
// with another test file. The databases themselves come from db/scratch.ts, which the
// scripts use too (scripts must not import test code).
//
// Migrating each one, and seeding the demo portfolio into many, was most of the suite's time: the
// global setup (tests/support/global-setup.ts) builds per engine a migrated template and a
// seeded one once per run, and each database here is a clone of one of them (docs/testing.md).
//
// Tests write rows directly (factories, raw updates), so their changes' acting user defaults to
// "System (tests)" (the change history's canvas.actor). The app's writes name their own in each
// transaction, and tests/history checks that they do: a default cannot hide a missing one there.
import { inject } from "vitest";
import type { Engine } from "../../db/client";
import {
  cloneDatabase,
  createEmptyDatabase as createEmpty,
  createScratchDatabase,
  type ScratchDatabase,
  type ScratchTemplate,
} from "../../db/scratch";
import { seedDemo } from "../../db/seed";
import type { SystemActor } from "../../lib/history/actor";

export { POSTGRES_ADMIN_URL, queryRows } from "../../db/scratch";

export const ENGINES: Engine[] = ["postgres", "pglite"];

export type TestDatabase = ScratchDatabase;

export const TEST_ACTOR: SystemActor = "system:tests";

/** Per engine, the databases the global setup built for this run, to clone. */
export type DatabaseTemplates = Record<Engine, { migrated: ScratchTemplate; seeded: ScratchTemplate }>;

declare module "vitest" {
  export interface ProvidedContext {
    databaseTemplates: DatabaseTemplates;
  }
}

const OPTIONS = { defaultActor: TEST_ACTOR };

/** A new database of the engine with every migration applied. */
export const createTestDatabase = async (engine: Engine): Promise<TestDatabase> => {
  const template = templates()?.[engine].migrated;
  return template ? cloneDatabase(template, OPTIONS) : createScratchDatabase(engine, OPTIONS);
};

/** A new database of the engine with every migration applied and the demo portfolio seeded (without its files). */
export const createSeededTestDatabase = async (engine: Engine): Promise<TestDatabase> => {
  const template = templates()?.[engine].seeded;
  if (template) return cloneDatabase(template, OPTIONS);
  const database = await createScratchDatabase(engine, OPTIONS);
  await seedDemo(database.db);
  return database;
};

/** A new, empty database of the engine (no migrations). */
export const createEmptyDatabase = (engine: Engine): Promise<TestDatabase> => createEmpty(engine, OPTIONS);

// Absent when a configuration without the global setup runs the tests: each database is then built.
const templates = (): DatabaseTemplates | undefined => inject("databaseTemplates");
