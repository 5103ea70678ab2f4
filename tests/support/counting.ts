import type { PGlite } from "@electric-sql/pglite";
import type { Logger } from "drizzle-orm/logger";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import type { Sql } from "postgres";
import type { Database, DatabaseHandle } from "../../db/client";
import * as schema from "../../db/schema";
import type { TestDatabase } from "./database";

/**
 * Runs `work` with the app's database swapped for one on the same driver connection that logs
 * every query it sends: how many, and their SQL.
 */
export async function countingQueries<T>(
  database: TestDatabase,
  work: () => Promise<T>,
): Promise<{ result: T; queries: string[] }> {
  const queries: string[] = [];
  const logger: Logger = { logQuery: (query) => queries.push(query) };
  const client = (database.db as unknown as { $client: unknown }).$client;
  const counting =
    database.engine === "postgres"
      ? drizzlePostgres(client as Sql, { schema, logger })
      : drizzlePglite(client as PGlite, { schema, logger });
  const holder = globalThis as unknown as { canvasDatabase?: DatabaseHandle };
  const original = holder.canvasDatabase;
  holder.canvasDatabase = { ...database, db: counting as unknown as Database };
  try {
    return { result: await work(), queries };
  } finally {
    holder.canvasDatabase = original;
  }
}
