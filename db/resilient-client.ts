// The postgres.js client as the app uses it, so that a database outage neither hangs nor
// fails requests it need not fail:
// - a read (a plain SELECT outside a transaction) that meets a dropped connection is retried
//   once, on a fresh connection: killed backends are invisible to readers. Writes and
//   transactions are never retried: their first attempt may have committed. Whatever killed
//   one connection (pg_terminate_backend, a failover, a proxy restart) has usually killed its
//   neighbours, which postgres.js still counts as open and would send the retry to; so the
//   pool is replaced by a new one (the old one finishes what runs on it, then closes);
// - every statement outside a transaction, and the wait for a transaction's connection, has a
//   deadline: postgres.js has no pool-acquire timeout, and would queue a query behind
//   connections that cannot open;
// - after a failure to connect, queries fail at once for a moment (the breaker) instead of
//   each request waiting on connection attempts; the next one after it tries again, so the
//   app recovers by itself as soon as PostgreSQL accepts connections.
import type { PendingQuery, Row, Sql, TransactionSql } from "postgres";
import { DatabaseUnavailableError } from "../lib/errors";
import { isConnectFault, isConnectionFault } from "./connection-faults";
import { databaseUnavailable, safeDatabaseError } from "./safe-errors";

export interface ResilienceOptions {
  /** How long a statement may wait for a connection and run, or a transaction wait to begin; null: no limit. */
  deadlineMs: number | null;
  /** How long queries fail at once after a failure to connect. */
  breakerMs: number;
}

const DEADLINE = "CANVAS_DEADLINE";
const READ = /^\s*select\b/i;

type Query = PendingQuery<Row[]> & { active?: boolean };

export function resilientClient(openPool: () => Sql, { deadlineMs, breakerMs }: ResilienceOptions): Sql {
  let breaker = { until: 0, code: "" };
  const first = openPool();
  let sql = first;
  const pools = new Set([first]);

  /** Sends what follows to a new pool, unless `failed` was already replaced. */
  function replacePool(failed: Sql): void {
    if (failed !== sql) return;
    const next = openPool();
    // Drizzle set its type parsers on the first pool's options: the new one needs them too.
    Object.assign(next.options.parsers, first.options.parsers);
    Object.assign(next.options.serializers, first.options.serializers);
    pools.add(next);
    sql = next;
    void failed.end({ timeout: 5 }).finally(() => pools.delete(failed));
  }

  function checkBreaker(): void {
    if (Date.now() < breaker.until) throw databaseUnavailable(breaker.code);
  }

  function noteFault(error: unknown): void {
    if (isConnectFault(error)) breaker = { until: Date.now() + breakerMs, code: (error as { code: string }).code };
  }

  function withDeadline<T>(query: Query, then: (query: Query) => Promise<T>): Promise<T> {
    const running = then(query);
    if (deadlineMs === null) return running;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        // A query still queued, or waiting for its connection to open, is dropped; one already
        // running is left to statement_timeout (postgres.js's cancel of a running query opens
        // a connection of its own, and drops its failure).
        if (!query.active) query.cancel();
        reject(Object.assign(new Error("The database did not answer in time"), { code: DEADLINE }));
      }, deadlineMs);
      running.then(
        (value) => (clearTimeout(timer), resolve(value)),
        (error: unknown) => (clearTimeout(timer), reject(error)),
      );
    });
  }

  async function statement<T>(
    make: (pool: Sql) => Query,
    then: (query: Query) => Promise<T>,
    read: boolean,
  ): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      checkBreaker();
      const pool = sql;
      try {
        return await withDeadline(make(pool), then);
      } catch (error) {
        const code = (error as { code?: string } | null)?.code;
        if (code !== DEADLINE && !isConnectionFault(error)) throw error;
        noteFault(error);
        const dropped = code !== DEADLINE && !isConnectFault(error);
        if (dropped) replacePool(pool);
        if (read && dropped && attempt === 1) continue;
        throw databaseUnavailable(code);
      }
    }
  }

  // What Drizzle calls: `await client.unsafe(...)` for rows, `.values()` for arrays.
  function unsafe(query: string, params?: unknown[], options?: object) {
    const read = READ.test(query);
    const make = (pool: Sql) => pool.unsafe(query, params as never, options) as Query;
    let rows: Promise<Row[]> | undefined;
    const run = () => (rows ??= statement(make, (q) => Promise.resolve(q), read));
    return {
      values: () => statement(make, (q) => Promise.resolve(q.values()), read),
      then: <A, B>(onFulfilled?: (rows: Row[]) => A, onRejected?: (error: unknown) => B) =>
        run().then(onFulfilled, onRejected),
    };
  }

  async function begin(...args: unknown[]): Promise<unknown> {
    checkBreaker();
    const work = args.pop() as (tx: TransactionSql) => unknown;
    let state: "waiting" | "started" | "abandoned" | "settled" = "waiting";
    const pool = sql;
    return new Promise((resolve, reject) => {
      const settle = (answer: () => void) => {
        if (state === "settled") return;
        state = "settled";
        clearTimeout(timer);
        answer();
      };
      const timer =
        deadlineMs === null
          ? undefined
          : setTimeout(() => {
              if (state !== "waiting") return;
              reject(databaseUnavailable(DEADLINE));
              state = "abandoned";
            }, deadlineMs);
      const transaction = pool.begin(...(args as [string]), async (tx) => {
        if (state === "abandoned")
          throw new Error("abandoned: its caller was told the database did not answer in time");
        state = "started";
        try {
          return await work(tx);
        } catch (error) {
          if (!isConnectionFault(error) && !(error instanceof DatabaseUnavailableError)) throw error;
          replacePool(pool);
          // Its connection is gone and PostgreSQL has rolled back already: the caller is
          // answered now, not after postgres.js's ROLLBACK on the dead connection fails
          // (patches/postgres+3.4.9.patch makes that a rejection rather than an uncaught throw).
          settle(() => reject(safeDatabaseError(error)));
          throw error;
        }
      });
      transaction.then(
        (value) => settle(() => resolve(value)),
        (error: unknown) => {
          if (state === "abandoned") return;
          noteFault(error);
          if (isConnectionFault(error) && !isConnectFault(error)) replacePool(pool);
          settle(() => reject(safeDatabaseError(error)));
        },
      );
    });
  }

  /** Closes every pool, the current one and any still finishing. */
  async function end(options?: { timeout?: number }): Promise<void> {
    await Promise.all([...pools].map((pool) => pool.end(options)));
  }

  return new Proxy(first, {
    get(_target, property) {
      if (property === "unsafe") return unsafe;
      if (property === "begin") return begin;
      if (property === "end") return end;
      return Reflect.get(sql, property) as unknown;
    },
  });
}
