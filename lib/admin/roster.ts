import "server-only";
import { and, count, eq, isNull, ne, sql } from "drizzle-orm";
import { users } from "../../db/schema";
import { type Actor, isAdmin } from "../auth/roles";
import type { Tx } from "../canvas/lock";
import { ForbiddenError, UserFacingError } from "../errors";
import { actAs } from "../history/actor";

// The roster (who is an admin, who is enabled, who runs which VBU) decides what everyone may
// do, and its rules read one row to allow a change to another: whoever acts is still an
// admin, Canvas keeps an enabled admin, a GM who runs VBUs does not become a viewer, a viewer
// or a disabled user is not made a GM. Checked apart, two changes at the same moment can each
// pass and together break a rule (two admins demoting each other leave none). So every admin
// change runs in one transaction that takes the roster lock first, then checks, then writes:
// no two admin changes check at once, and each sees what the one before it committed.
//
// One transaction-level advisory lock rather than locking the rows of every enabled admin:
// the rows a rule reads are not a fixed set (a promotion adds an admin that a concurrent
// "lock all admins" never saw; a GM assignment reads someone who is no admin), and two admins
// acting on each other would each hold their own row and wait for the other's, a deadlock
// PostgreSQL breaks only by failing one of them. One lock, always taken first, has no order to
// get wrong; admin changes are rare, so queueing them costs nothing. It is released after the
// commit is visible, and on PGlite (one connection) it is simply always free.
const ROSTER_LOCK = 4_207_002; // db/migrate.ts holds 4_207_001

// Tests set this to hold a change right after it takes the lock and force a race there
// (tests/admin/support.ts raceAtRosterLock); the app never sets it.
const testHooks = globalThis as unknown as { canvasRosterLocked?: () => Promise<void> };

export const NO_LONGER_ADMIN = "You are no longer an admin, so nothing was changed.";
export const LAST_ADMIN = "Canvas needs at least one admin. Make someone else an admin first.";

/**
 * Makes the actor the transaction's acting user, takes the roster lock for the rest of the
 * transaction, then checks that the actor is still
 * an enabled admin now: their request began before the lock, and another admin may have
 * demoted, disabled or deleted them since. Their row is also locked FOR SHARE, so no change to
 * it, under the roster lock or not, can land before this transaction ends.
 */
export async function lockRoster(tx: Tx, actor: Actor): Promise<void> {
  await actAs(tx, actor); // the change history names who made the change (lib/history/actor.ts)
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${ROSTER_LOCK})`);
  await testHooks.canvasRosterLocked?.();
  const [now] = await tx
    .select({ role: users.role, disabledAt: users.disabledAt })
    .from(users)
    .where(eq(users.id, actor.id))
    .for("share");
  if (!now || now.disabledAt || !isAdmin({ id: actor.id, role: now.role })) throw new ForbiddenError(NO_LONGER_ADMIN);
}

/**
 * Refuses a change after which `leaving` (now an enabled admin) would no longer be one, when
 * no other enabled admin remains. Under lockRoster, so the count cannot change before commit.
 * The actor is re-checked and may not remove themselves, so today another admin always
 * remains; this keeps the rule itself, whatever those two come to allow.
 */
export async function assertAdminRemains(tx: Tx, leaving: string): Promise<void> {
  const [others] = await tx
    .select({ n: count() })
    .from(users)
    .where(and(eq(users.role, "admin"), isNull(users.disabledAt), ne(users.id, leaving)));
  if (!others?.n) throw new UserFacingError(LAST_ADMIN);
}
