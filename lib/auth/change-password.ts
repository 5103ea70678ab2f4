import "server-only";
import { eq, sql } from "drizzle-orm";
import { APIError } from "better-auth/api";
import { getDb } from "../../db/client";
import { users } from "../../db/schema";
import { UserFacingError } from "../errors";
import { getAuth } from "./config";
import type { SessionUser } from "./session";

/**
 * Changes the signed-in user's own password after checking the current one, ends their other
 * sessions, and clears the temporary-password flag. Answers the Set-Cookie headers of the
 * session that replaces the current one.
 */
export async function changeOwnPassword(
  user: SessionUser,
  input: { currentPassword: string; newPassword: string },
  cookieHeader: string,
): Promise<Headers> {
  try {
    const { headers } = await getAuth().api.changePassword({
      body: { currentPassword: input.currentPassword, newPassword: input.newPassword, revokeOtherSessions: true },
      headers: new Headers({ cookie: cookieHeader }),
      returnHeaders: true,
    });
    await getDb()
      .update(users)
      .set({ mustChangePassword: false, updatedAt: sql`now()` })
      .where(eq(users.id, user.id));
    return headers;
  } catch (error) {
    if (error instanceof APIError) {
      throw new UserFacingError("Check the highlighted fields.", {
        currentPassword: ["That is not your current password."],
      });
    }
    throw error;
  }
}
