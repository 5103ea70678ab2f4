// Gives the app code (getDb(), better-auth) a fresh test database of one engine for a test
// file: it is installed where db/client.ts keeps its singleton, and dropped afterwards. A seeded
// one holds the demo portfolio (db/seed.ts, without its evidence files) from the start.
import { afterAll, beforeAll } from "vitest";
import type { DatabaseHandle, Engine } from "../../db/client";
import { type TestDatabase, createSeededTestDatabase, createTestDatabase } from "./database";

const globalForDb = globalThis as unknown as { canvasDatabase?: DatabaseHandle; canvasAuth?: unknown };

export function useAppDatabase(engine: Engine, { seeded = false } = {}): { current: () => TestDatabase } {
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    database = await (seeded ? createSeededTestDatabase(engine) : createTestDatabase(engine));
    globalForDb.canvasDatabase = database;
    globalForDb.canvasAuth = undefined; // better-auth binds to the database it first sees
  });
  afterAll(async () => {
    globalForDb.canvasDatabase = undefined;
    globalForDb.canvasAuth = undefined;
    await database?.drop();
  });
  return {
    current: () => {
      if (!database) throw new Error("The test database is not ready yet");
      return database;
    },
  };
}

/** useAppDatabase, with the demo portfolio seeded. */
export function useSeededAppDatabase(engine: Engine): { current: () => TestDatabase } {
  return useAppDatabase(engine, { seeded: true });
}
