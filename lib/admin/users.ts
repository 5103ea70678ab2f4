import "server-only";
import { randomUUID } from "node:crypto";
import { asc, count, eq, sql } from "drizzle-orm";
import type { z } from "../zod";
import { getDb } from "../../db/client";
import { accounts, attachments, sessions, type UserRole, users, vbus } from "../../db/schema";
import { hashPassword } from "../auth/passwords";
import { type Actor, canManageUsers } from "../auth/roles";
import { ForbiddenError, NotFoundError, UserFacingError, databaseErrorOf } from "../errors";
import type { Tx } from "../canvas/lock";
import { assertAdminRemains, lockRoster } from "./roster";
import type { changeRoleSchema, createUserSchema } from "./user-schemas";

function assertCanManageUsers(actor: Actor): void {
  if (!canManageUsers(actor)) throw new ForbiddenError("Only admins manage users.");
}

export interface UserListItem {
  id: string;
  name: string;
  email: string;
  role: UserRole;
  disabled: boolean;
  vbuCount: number;
}

export async function listUsers(actor: Actor): Promise<UserListItem[]> {
  assertCanManageUsers(actor);
  const rows = await getDb()
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      role: users.role,
      disabledAt: users.disabledAt,
      // A join, not a correlated subquery: in a one-table select Drizzle leaves columns
      // unqualified, and the subquery's "id" was the VBU's own (every count read 0).
      vbuCount: sql<number>`count(${vbus.id})::int`,
    })
    .from(users)
    .leftJoin(vbus, eq(vbus.gmId, users.id))
    .groupBy(users.id)
    .orderBy(asc(users.name), asc(users.email));
  return rows.map(({ disabledAt, ...rest }) => ({ ...rest, disabled: disabledAt !== null }));
}

/** Creates a user who signs in with a temporary password the admin passes on. */
export async function createUser(actor: Actor, input: z.output<typeof createUserSchema>): Promise<{ id: string }> {
  assertCanManageUsers(actor);
  const passwordHash = await hashPassword(input.temporaryPassword); // slow: before the lock
  const id = randomUUID();
  try {
    await getDb().transaction(async (tx) => {
      await lockRoster(tx, actor);
      await tx
        .insert(users)
        .values({ id, name: input.name, email: input.email.toLowerCase(), role: input.role, mustChangePassword: true });
      await tx.insert(accounts).values({ userId: id, providerId: "credential", accountId: id, password: passwordHash });
    });
  } catch (error) {
    if (databaseErrorOf(error).constraint === "uq_users_email_lower") {
      throw new UserFacingError("Check the highlighted fields.", { email: ["A user with this email already exists."] });
    }
    throw error;
  }
  return { id };
}

interface LockedUser {
  id: string;
  role: UserRole;
  disabled: boolean;
}

/** The user a change is about, locked until commit (FOR UPDATE to delete them). */
async function lockUser(tx: Tx, userId: string, strength: "no key update" | "update"): Promise<LockedUser> {
  const [row] = await tx
    .select({ id: users.id, role: users.role, disabledAt: users.disabledAt })
    .from(users)
    .where(eq(users.id, userId))
    .for(strength);
  if (!row) throw new NotFoundError("That user");
  return { id: row.id, role: row.role, disabled: row.disabledAt !== null };
}

const isEnabledAdmin = (user: LockedUser) => user.role === "admin" && !user.disabled;

/** "2 VBUs. Reassign them to another GM", for the refusals that name what the user still runs. */
const runsVbus = (n: number) => `${n} VBU${n === 1 ? "" : "s"}. Reassign ${n === 1 ? "it" : "them"} to another GM`;

async function vbusRunBy(tx: Tx, userId: string): Promise<number> {
  const [row] = await tx.select({ n: count() }).from(vbus).where(eq(vbus.gmId, userId));
  return row?.n ?? 0;
}

/** Changes a role. A GM of VBUs stays GM of them until an admin reassigns them. */
export async function changeRole(actor: Actor, input: z.output<typeof changeRoleSchema>): Promise<void> {
  assertCanManageUsers(actor);
  if (input.userId === actor.id && input.role !== "admin") {
    throw new UserFacingError("You cannot remove your own admin role. Ask another admin.");
  }
  await getDb().transaction(async (tx) => {
    await lockRoster(tx, actor);
    const target = await lockUser(tx, input.userId, "no key update");
    if (isEnabledAdmin(target) && input.role !== "admin") await assertAdminRemains(tx, target.id);
    // Admins may be GMs too: only a viewer cannot run a VBU.
    if (input.role === "viewer") {
      const n = await vbusRunBy(tx, target.id);
      if (n > 0) throw new UserFacingError(`This user is GM of ${runsVbus(n)} first.`);
    }
    await tx
      .update(users)
      .set({ role: input.role, updatedAt: sql`now()` })
      .where(eq(users.id, target.id));
  });
}

/** Disables a user and ends every session they have, in one transaction. */
export async function disableUser(actor: Actor, userId: string): Promise<void> {
  assertCanManageUsers(actor);
  if (userId === actor.id) throw new UserFacingError("You cannot disable yourself.");
  await getDb().transaction(async (tx) => {
    await lockRoster(tx, actor);
    const target = await lockUser(tx, userId, "no key update");
    if (target.disabled) return;
    if (isEnabledAdmin(target)) await assertAdminRemains(tx, target.id);
    await tx
      .update(users)
      .set({ disabledAt: sql`now()`, updatedAt: sql`now()` })
      .where(eq(users.id, target.id));
    await tx.delete(sessions).where(eq(sessions.userId, target.id));
  });
}

export async function enableUser(actor: Actor, userId: string): Promise<void> {
  assertCanManageUsers(actor);
  await getDb().transaction(async (tx) => {
    await lockRoster(tx, actor);
    const [target] = await tx
      .update(users)
      .set({ disabledAt: null, updatedAt: sql`now()` })
      .where(eq(users.id, userId))
      .returning({ id: users.id });
    if (!target) throw new NotFoundError("That user");
  });
}

/**
 * Deletes a user, unless they are still a VBU's GM or have uploaded evidence (the foreign
 * keys are ON DELETE RESTRICT); the message says which, so the admin knows what to do first.
 * Checked on the user's row locked FOR UPDATE: naming them in a new VBU or upload must lock
 * that row FOR KEY SHARE, so none can appear between these checks and the delete.
 */
export async function deleteUser(actor: Actor, userId: string): Promise<void> {
  assertCanManageUsers(actor);
  if (userId === actor.id) throw new UserFacingError("You cannot delete yourself.");
  await getDb().transaction(async (tx) => {
    await lockRoster(tx, actor);
    const target = await lockUser(tx, userId, "update");
    if (isEnabledAdmin(target)) await assertAdminRemains(tx, target.id);
    const runs = await vbusRunBy(tx, target.id);
    if (runs > 0) {
      throw new UserFacingError(`This user is still GM of ${runsVbus(runs)}, or disable the user instead.`);
    }
    const [uploads] = await tx.select({ n: count() }).from(attachments).where(eq(attachments.uploadedBy, target.id));
    const n = uploads?.n ?? 0;
    if (n > 0) {
      throw new UserFacingError(
        `This user uploaded ${n} evidence file${n === 1 ? "" : "s"}, which would lose their uploader. Disable the user instead.`,
      );
    }
    await tx.delete(users).where(eq(users.id, target.id));
  });
}
