// Fresh, migrated databases for tests, on both engines: a new database on the real
// PostgreSQL server (dropped afterwards), or a new in-memory PGlite. No test shares one
// with another test file. The databases themselves come from db/scratch.ts, which the
// scripts use too (scripts must not import test code).
//
// Tests write rows directly (factories, raw updates), so their changes' acting user defaults to
// "System (tests)" (the change history's canvas.actor). The app's writes name their own in each
// transaction, and tests/history checks that they do: a default cannot hide a missing one there.
import type { Engine } from "../../db/client";
import { createEmptyDatabase as createEmpty, createScratchDatabase, type ScratchDatabase } from "../../db/scratch";
import type { SystemActor } from "../../lib/history/actor";

export { POSTGRES_ADMIN_URL, queryRows } from "../../db/scratch";

export const ENGINES: Engine[] = ["postgres", "pglite"];

export type TestDatabase = ScratchDatabase;

export const TEST_ACTOR: SystemActor = "system:tests";

/** A new database of the engine with every migration applied. */
export const createTestDatabase = (engine: Engine): Promise<TestDatabase> =>
  createScratchDatabase(engine, { defaultActor: TEST_ACTOR });

/** A new, empty database of the engine (no migrations). */
export const createEmptyDatabase = (engine: Engine): Promise<TestDatabase> =>
  createEmpty(engine, { defaultActor: TEST_ACTOR });
