// Races forced, not hoped for: a write is held right after its transaction has locked a row (a
// test hook the lib/ code calls there), a second write is started, and the first goes on only
// once PostgreSQL shows the second blocked by it. PostgreSQL only: PGlite has one connection.
import { sql } from "drizzle-orm";
import { expect } from "vitest";
import { getDb } from "../../db/client";
import type { Tx } from "../../lib/canvas/lock";
import { queryRows } from "./database";

/** The hooks lib/ calls right after locking a row: lib/canvas/lock.ts, lib/reviews/lock.ts. */
type RowLockHook = "canvasRowLocked" | "reviewRowLocked";
const hooks = globalThis as unknown as Partial<Record<RowLockHook, (tx: Tx) => Promise<void>>>;

/** The PostgreSQL backend a transaction runs on. */
async function backendOf(tx: Tx): Promise<number> {
  const [row] = await queryRows<{ pid: number }>(tx, sql`SELECT pg_backend_pid() AS pid`);
  return row!.pid;
}

/** How many backends are waiting for a lock that backend `pid` holds. */
async function waitingFor(pid: number): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    getDb(),
    sql`SELECT count(*)::int AS n FROM pg_stat_activity WHERE ${pid}::int = ANY(pg_blocking_pids(pid))`,
  );
  return row!.n;
}

export interface RowRace<A, B> {
  first: PromiseSettledResult<A>;
  second: PromiseSettledResult<B>;
  /** PostgreSQL showed the second write waiting for a lock the first one held. */
  secondWaited: boolean;
}

/**
 * Starts `first`; once its transaction has locked the row (the hook, before it has checked
 * anything), starts `second`, and lets `first` go on only when PostgreSQL shows `second`
 * blocked by first's transaction, or `second` has locked the row too (which only a missing lock
 * allows), or has already ended. So both writes are in flight at once, and, with the lock, the
 * second reads and checks the row only after the first has committed.
 */
export async function raceAtRowLock<A, B>(
  hook: RowLockHook,
  first: () => Promise<A>,
  second: () => Promise<B>,
): Promise<RowRace<A, B>> {
  let firstBackend: number | undefined;
  let secondRun: Promise<B> | undefined;
  let secondEnded = false;
  let secondPastLock = false;
  let secondWaited = false;
  const previous = hooks[hook];
  hooks[hook] = async (tx) => {
    const backend = await backendOf(tx);
    if (firstBackend !== undefined) {
      if (backend !== firstBackend) secondPastLock = true;
      return;
    }
    firstBackend = backend;
    secondRun = second();
    const ended = () => void (secondEnded = true);
    secondRun.then(ended, ended);
    while (!secondEnded && !secondPastLock && !secondWaited) {
      secondWaited = (await waitingFor(backend)) > 0;
    }
  };
  try {
    const [firstOutcome] = await Promise.allSettled([first()]);
    expect(secondRun, `the second write was started while the first held the lock (${hook})`).toBeDefined();
    const [secondOutcome] = await Promise.allSettled([secondRun!]);
    return { first: firstOutcome, second: secondOutcome, secondWaited };
  } finally {
    hooks[hook] = previous;
  }
}
