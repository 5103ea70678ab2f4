// Fresh, migrated databases for tests, on both engines: a new database on the real
// PostgreSQL server (dropped afterwards), or a new in-memory PGlite. No test shares one
// with another test file. The databases themselves come from db/scratch.ts, which the
// scripts use too (scripts must not import test code).
import type { Engine } from "../../db/client";
import { createScratchDatabase, type ScratchDatabase } from "../../db/scratch";

export { createEmptyDatabase, POSTGRES_ADMIN_URL, queryRows } from "../../db/scratch";

export const ENGINES: Engine[] = ["postgres", "pglite"];

export type TestDatabase = ScratchDatabase;

/** A new database of the engine with every migration applied. */
export const createTestDatabase: (engine: Engine) => Promise<TestDatabase> = createScratchDatabase;
