// Gives the app code (getDb(), better-auth) a fresh test database of one engine for a test
// file: it is installed where db/client.ts keeps its singleton, and dropped afterwards.
import { afterAll, beforeAll } from "vitest";
import type { DatabaseHandle, Engine } from "../../db/client";
import { type TestDatabase, createTestDatabase } from "./database";

const globalForDb = globalThis as unknown as { canvasDatabase?: DatabaseHandle; canvasAuth?: unknown };

export function useAppDatabase(engine: Engine): { current: () => TestDatabase } {
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    database = await createTestDatabase(engine);
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
