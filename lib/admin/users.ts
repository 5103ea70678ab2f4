import "server-only";
import { randomUUID } from "node:crypto";
import { and, asc, count, eq, isNull, sql } from "drizzle-orm";
import type { z } from "zod";
import { getDb } from "../../db/client";
import { accounts, attachments, sessions, type UserRole, users, vbus } from "../../db/schema";
import { hashPassword } from "../auth/passwords";
import { type Actor, canManageUsers } from "../auth/roles";
import { ForbiddenError, NotFoundError, UserFacingError, databaseErrorOf } from "../errors";
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
      vbuCount: sql<number>`(SELECT count(*)::int FROM ${vbus} WHERE ${vbus.gmId} = ${users.id})`,
    })
    .from(users)
    .orderBy(asc(users.name), asc(users.email));
  return rows.map(({ disabledAt, ...rest }) => ({ ...rest, disabled: disabledAt !== null }));
}

/** Creates a user who signs in with a temporary password the admin passes on. */
export async function createUser(actor: Actor, input: z.output<typeof createUserSchema>): Promise<{ id: string }> {
  assertCanManageUsers(actor);
  const passwordHash = await hashPassword(input.temporaryPassword);
  const id = randomUUID();
  try {
    await getDb().transaction(async (tx) => {
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

/** Changes a role. A GM of VBUs stays GM of them until an admin reassigns them. */
export async function changeRole(actor: Actor, input: z.output<typeof changeRoleSchema>): Promise<void> {
  assertCanManageUsers(actor);
  if (input.userId === actor.id && input.role !== "admin") {
    throw new UserFacingError("You cannot remove your own admin role. Ask another admin.");
  }
  const db = getDb();
  await db.transaction(async (tx) => {
    const [target] = await tx.select({ id: users.id }).from(users).where(eq(users.id, input.userId)).for("update");
    if (!target) throw new NotFoundError("That user");
    // Admins may be GMs too: only a viewer cannot run a VBU.
    if (input.role === "viewer") {
      const [{ n }] = (await tx.select({ n: count() }).from(vbus).where(eq(vbus.gmId, input.userId))) as [
        { n: number },
      ];
      if (n > 0) {
        throw new UserFacingError(
          `This user is GM of ${n} VBU${n === 1 ? "" : "s"}. Reassign ${n === 1 ? "it" : "them"} to another GM first.`,
        );
      }
    }
    await tx
      .update(users)
      .set({ role: input.role, updatedAt: sql`now()` })
      .where(eq(users.id, input.userId));
  });
}

/** Disables a user and ends every session they have, in one transaction. */
export async function disableUser(actor: Actor, userId: string): Promise<void> {
  assertCanManageUsers(actor);
  if (userId === actor.id) throw new UserFacingError("You cannot disable yourself.");
  await getDb().transaction(async (tx) => {
    const [target] = await tx
      .update(users)
      .set({ disabledAt: sql`now()`, updatedAt: sql`now()` })
      .where(and(eq(users.id, userId), isNull(users.disabledAt)))
      .returning({ id: users.id });
    if (!target) {
      const [exists] = await tx.select({ id: users.id }).from(users).where(eq(users.id, userId));
      if (!exists) throw new NotFoundError("That user");
      return; // already disabled
    }
    await tx.delete(sessions).where(eq(sessions.userId, userId));
  });
}

export async function enableUser(actor: Actor, userId: string): Promise<void> {
  assertCanManageUsers(actor);
  const [target] = await getDb()
    .update(users)
    .set({ disabledAt: null, updatedAt: sql`now()` })
    .where(eq(users.id, userId))
    .returning({ id: users.id });
  if (!target) throw new NotFoundError("That user");
}

/**
 * Deletes a user. The database refuses while they are a VBU's GM or have uploaded evidence
 * (ON DELETE RESTRICT); the message says which, so the admin knows what to do first.
 */
export async function deleteUser(actor: Actor, userId: string): Promise<void> {
  assertCanManageUsers(actor);
  if (userId === actor.id) throw new UserFacingError("You cannot delete yourself.");
  const db = getDb();
  try {
    const deleted = await db.delete(users).where(eq(users.id, userId)).returning({ id: users.id });
    if (deleted.length === 0) throw new NotFoundError("That user");
  } catch (error) {
    const { code, constraint } = databaseErrorOf(error);
    // 23503 on PostgreSQL 15; PostgreSQL 18 (and PGlite) report RESTRICT as 23001.
    if (code !== "23503" && code !== "23001") throw error;
    if (constraint === "vbus_gm_id_fkey") {
      const [{ n }] = (await db.select({ n: count() }).from(vbus).where(eq(vbus.gmId, userId))) as [{ n: number }];
      throw new UserFacingError(
        `This user is still GM of ${n} VBU${n === 1 ? "" : "s"}. Reassign ${n === 1 ? "it" : "them"} to another GM, or disable the user instead.`,
      );
    }
    if (constraint === "attachments_uploaded_by_fkey") {
      const [{ n }] = (await db.select({ n: count() }).from(attachments).where(eq(attachments.uploadedBy, userId))) as [
        { n: number },
      ];
      throw new UserFacingError(
        `This user uploaded ${n} evidence file${n === 1 ? "" : "s"}, which would lose their uploader. Disable the user instead.`,
      );
    }
    throw error;
  }
}
