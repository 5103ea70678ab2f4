import "server-only";
import { eq, sql } from "drizzle-orm";
import { getDb } from "../../db/client";
import { users } from "../../db/schema";
import { UserFacingError } from "../errors";
import { getAuth, isAuthRefusal } from "./config";
import { accountKey, forgetAccountFailures, forgetAttempt, recordAttempt, SIGN_IN_LIMITS } from "./sign-in";
import type { SessionUser } from "./session";

export const TOO_MANY_PASSWORD_GUESSES = `Too many wrong passwords. Wait ${SIGN_IN_LIMITS.windowMinutes} minutes and try again.`;

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
  // Wrong guesses at the current password count against the account like failed sign-ins:
  // a session left open must not become a way to guess the password without limit.
  const attempt = await recordAttempt([{ key: accountKey(user.email), limit: SIGN_IN_LIMITS.perAccount }]);
  if (!attempt.allowed) {
    await forgetAttempt(attempt.ids);
    throw new UserFacingError(TOO_MANY_PASSWORD_GUESSES);
  }
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
    await forgetAccountFailures(attempt.ids, user.email);
    return headers;
  } catch (error) {
    // Fail closed: the attempt stays counted whatever went wrong.
    if (!isAuthRefusal(error)) throw error;
    throw new UserFacingError("Check the highlighted fields.", {
      currentPassword: ["That is not your current password."],
    });
  }
}
