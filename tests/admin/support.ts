// Shared by the admin tests: people made straight in the database, what the portfolio's
// people and VBUs look like (to show a refusal changed nothing), and races forced at the
// moment an admin change holds the roster lock (lib/admin/roster.ts).
import { randomUUID } from "node:crypto";
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { expect } from "vitest";
import { getDb } from "../../db/client";
import { type UserRole, users, vbus } from "../../db/schema";
import type { Actor } from "../../lib/auth/roles";
import { queryRows } from "../support/database";

/** A new enabled user of the role, as lib/ sees them (no password: they never sign in). */
export async function newPerson(role: UserRole): Promise<Actor> {
  const id = randomUUID();
  await getDb()
    .insert(users)
    .values({ id, name: `Person ${id.slice(0, 8)}`, email: `person-${id}@canvas.example`, role });
  return { id, role };
}

export async function roleOf(id: string): Promise<{ role: UserRole; disabled: boolean } | undefined> {
  const [row] = await getDb()
    .select({ role: users.role, disabledAt: users.disabledAt })
    .from(users)
    .where(eq(users.id, id));
  return row && { role: row.role, disabled: row.disabledAt !== null };
}

/** The ids of every enabled admin, sorted. */
export async function enabledAdmins(): Promise<string[]> {
  const rows = await getDb()
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, "admin"), isNull(users.disabledAt)))
    .orderBy(asc(users.id));
  return rows.map((r) => r.id).sort();
}

/** Every person (but one, if named) and VBU as stored, to compare before and after a refusal. */
export async function portfolio(apartFrom?: string): Promise<unknown> {
  const db = getDb();
  return {
    users: (await db.select().from(users).orderBy(asc(users.id))).filter((u) => u.id !== apartFrom),
    vbus: await db.select().from(vbus).orderBy(asc(vbus.id)),
  };
}

export function reasonOf(outcome: PromiseSettledResult<unknown>): unknown {
  expect(outcome.status, "this change should have been refused").toBe("rejected");
  return (outcome as PromiseRejectedResult).reason;
}

// ---------------------------------------------------------------------------- forced races

const globalForRoster = globalThis as unknown as { canvasRosterLocked?: () => Promise<void> };

/** How many transactions of this database are waiting for an advisory lock (the roster lock). */
async function waitingForRosterLock(): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    getDb(),
    sql`SELECT count(*)::int AS n FROM pg_locks
        WHERE locktype = 'advisory' AND NOT granted
          AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
  );
  return row!.n;
}

export interface RaceOutcome<A, B> {
  first: PromiseSettledResult<A>;
  second: PromiseSettledResult<B>;
  /** The second change was seen waiting for the roster lock while the first held it. */
  secondWaited: boolean;
}

/**
 * Starts `first`; once it holds the roster lock (before it has checked anything), starts
 * `second`, and lets `first` go on only when PostgreSQL shows `second` waiting for that lock,
 * or `second` has got past it too (which only a missing lock allows), or has already ended.
 * So both changes are in flight at once, and the second's checks run after the first's.
 */
export async function raceAtRosterLock<A, B>(
  first: () => Promise<A>,
  second: () => Promise<B>,
): Promise<RaceOutcome<A, B>> {
  let secondRun: Promise<B> | undefined;
  let secondEnded = false;
  let secondPastLock = false;
  let secondWaited = false;
  const previous = globalForRoster.canvasRosterLocked;
  globalForRoster.canvasRosterLocked = async () => {
    if (secondRun) {
      secondPastLock = true;
      return;
    }
    secondRun = second();
    const ended = () => void (secondEnded = true);
    secondRun.then(ended, ended);
    while (!secondEnded && !secondPastLock && !secondWaited) {
      secondWaited = (await waitingForRosterLock()) > 0;
    }
  };
  try {
    const [firstOutcome] = await Promise.allSettled([first()]);
    expect(secondRun, "the second change was started while the first held the roster lock").toBeDefined();
    const [secondOutcome] = await Promise.allSettled([secondRun!]);
    return { first: firstOutcome, second: secondOutcome, secondWaited };
  } finally {
    globalForRoster.canvasRosterLocked = previous;
  }
}
