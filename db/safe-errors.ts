// Database errors that are safe to log. Drizzle wraps every failed query in an error whose
// message is the SQL and its parameters (a session token, a password hash), and the driver's
// error carries the row's values in `detail`; Next.js prints a page's error as it is. So
// every query's error is replaced here, once, where Drizzle makes it: a connection-level
// failure becomes a DatabaseUnavailableError, anything else a DatabaseQueryError that keeps
// only the SQLSTATE and the names of the constraint, table and column the app reads.
import { PgPreparedQuery } from "drizzle-orm/pg-core";
import { DatabaseUnavailableError } from "../lib/errors";
import { logError } from "../lib/log";
import { markDatabaseUnavailable } from "../lib/request-context";
import { isConnectionFault } from "./connection-faults";

/** The fields both drivers put on a server error that name no values. */
const SAFE_FIELDS = [
  "code",
  "severity",
  "constraint_name", // postgres.js
  "constraint", // PGlite
  "table_name",
  "table",
  "column_name",
  "column",
  "schema_name",
  "schema",
] as const;

export type DriverErrorFacts = Partial<Record<(typeof SAFE_FIELDS)[number], string>> & { name: string };

export class DatabaseQueryError extends Error {
  declare readonly cause: DriverErrorFacts;
  constructor(driverError: unknown) {
    const source = (driverError ?? {}) as Record<string, unknown>;
    const facts: DriverErrorFacts = { name: typeof source.name === "string" ? source.name : "Error" };
    for (const field of SAFE_FIELDS) {
      if (typeof source[field] === "string") facts[field] = source[field];
    }
    const constraint = facts.constraint_name ?? facts.constraint;
    super(`A database query failed with SQLSTATE ${facts.code ?? "(none)"}${constraint ? ` (${constraint})` : ""}`, {
      cause: facts,
    });
    this.name = "DatabaseQueryError";
  }
}

/** Says the database is unreachable, logs it once, and marks the request so it answers 503. */
export function databaseUnavailable(code: string | undefined): DatabaseUnavailableError {
  markDatabaseUnavailable();
  const error = new DatabaseUnavailableError(code);
  logError("a database query", error);
  return error;
}

/** The safe form of any error a query or transaction threw. App errors pass unchanged. */
export function safeDatabaseError(error: unknown): unknown {
  if (error instanceof DatabaseUnavailableError || error instanceof DatabaseQueryError) return error;
  const wrapped = (error as { cause?: unknown } | null)?.cause;
  const isDrizzleWrapper = error instanceof Error && wrapped !== undefined && "params" in error;
  const driverError = isDrizzleWrapper ? wrapped : error;
  if (driverError instanceof DatabaseUnavailableError) return driverError;
  if (isConnectionFault(driverError)) return databaseUnavailable((driverError as { code: string }).code);
  if (isDrizzleWrapper || (driverError as { name?: unknown } | null)?.name === "PostgresError") {
    return new DatabaseQueryError(driverError);
  }
  return error;
}

type QueryWithCache = (queryString: string, params: unknown[], query: () => Promise<unknown>) => Promise<unknown>;
const INSTALLED = Symbol.for("canvas.safe-query-errors");

/** Makes every Drizzle query of this copy of drizzle-orm throw only safe errors. */
export function installSafeQueryErrors(): void {
  const prototype = PgPreparedQuery.prototype as unknown as { queryWithCache: QueryWithCache; [INSTALLED]?: true };
  if (prototype[INSTALLED]) return;
  const original = prototype.queryWithCache;
  if (typeof original !== "function") throw new Error("drizzle-orm changed: PgPreparedQuery.queryWithCache is gone");
  prototype.queryWithCache = async function (this: unknown, queryString, params, query) {
    try {
      return await original.call(this, queryString, params, query);
    } catch (error) {
      throw safeDatabaseError(error);
    }
  };
  prototype[INSTALLED] = true;
}
