import "server-only";
import { and, eq, gt, inArray, lt, or, sql } from "drizzle-orm";
import { getDb } from "../../db/client";
import { signInFailures } from "../../db/schema";
import { UserFacingError } from "../errors";
import { getAuth, isAuthRefusal } from "./config";
import type { SignInInput } from "./sign-in-schema";

// Failed sign-ins allowed in the window before further attempts are refused.
export const SIGN_IN_LIMITS = { perAccount: 5, perAddress: 20, windowMinutes: 15 } as const;
export const WRONG_CREDENTIALS = "Email or password is incorrect, or the account is disabled.";
export const TOO_MANY_ATTEMPTS = `Too many failed sign-ins. Wait ${SIGN_IN_LIMITS.windowMinutes} minutes and try again.`;

export interface RequestInfo {
  ip: string;
  userAgent: string | null;
}

export const accountKey = (email: string) => `email:${email.toLowerCase()}`;
const addressKey = (ip: string) => `ip:${ip}`;

/**
 * Counts an attempt in before the password is checked, so that attempts made side by side
 * cannot all read "fewer than the limit" first: each counts every attempt recorded before its
 * own, so at most `limit` of them ever reach the check. Answers whether this attempt is within
 * every limit, and the ids of its rows. Also used when a signed-in user confirms their password.
 */
export async function recordAttempt(
  limits: { key: string; limit: number }[],
): Promise<{ allowed: boolean; ids: string[] }> {
  const db = getDb();
  const keys = limits.map((l) => l.key);
  const rows = await db
    .insert(signInFailures)
    .values(keys.map((key) => ({ key })))
    .returning({ id: signInFailures.id });
  const counts = await db
    .select({ key: signInFailures.key, n: sql<number>`count(*)::int` })
    .from(signInFailures)
    .where(
      and(
        inArray(signInFailures.key, keys),
        gt(signInFailures.failedAt, sql`now() - make_interval(mins => ${SIGN_IN_LIMITS.windowMinutes})`),
      ),
    )
    .groupBy(signInFailures.key);
  const count = (key: string) => counts.find((c) => c.key === key)?.n ?? 0;
  // This attempt is one of those counted: the limit is the number of failures let through.
  const allowed = limits.every(({ key, limit }) => count(key) <= limit);
  return { allowed, ids: rows.map((r) => r.id) };
}

export async function forgetAttempt(ids: string[]): Promise<void> {
  await getDb().delete(signInFailures).where(inArray(signInFailures.id, ids));
}

/** The right password: this attempt was no failure, and the account's failures are forgotten. */
export async function forgetAccountFailures(attemptIds: string[], email: string): Promise<void> {
  await getDb()
    .delete(signInFailures)
    .where(or(inArray(signInFailures.id, attemptIds), eq(signInFailures.key, accountKey(email))));
}

/**
 * Checks the rate limits, then the password. Answers the Set-Cookie headers of the new
 * session for the caller to apply. Every refusal is a UserFacingError with a clear message.
 * An attempt is recorded before the check and is forgotten only when the password was right:
 * whatever else happens (a refusal, a fault), it stays counted, so no failure can switch the
 * limits off.
 */
export async function signIn(input: Pick<SignInInput, "email" | "password">, request: RequestInfo): Promise<Headers> {
  const email = input.email.toLowerCase();
  const keys: [string, string] = [accountKey(email), addressKey(request.ip)];
  const attempt = await recordAttempt([
    { key: keys[0], limit: SIGN_IN_LIMITS.perAccount },
    { key: keys[1], limit: SIGN_IN_LIMITS.perAddress },
  ]);
  if (!attempt.allowed) {
    // Refused attempts do not count: the wait ends a window after the last real failure.
    await forgetAttempt(attempt.ids);
    throw new UserFacingError(TOO_MANY_ATTEMPTS);
  }

  try {
    // Only the headers better-auth records on the session: the origin was checked by Next.js.
    const forwarded = new Headers({ "x-forwarded-for": request.ip });
    if (request.userAgent) forwarded.set("user-agent", request.userAgent);
    const { headers } = await getAuth().api.signInEmail({
      body: { email, password: input.password, rememberMe: true },
      headers: forwarded,
      returnHeaders: true,
    });
    await forgetAccountFailures(attempt.ids, email);
    return headers;
  } catch (error) {
    if (!isAuthRefusal(error)) throw error; // counted all the same, and shown as a generic error
    // Old failures mean nothing any more: keep the table small.
    await getDb()
      .delete(signInFailures)
      .where(lt(signInFailures.failedAt, sql`now() - interval '1 day'`));
    throw new UserFacingError(WRONG_CREDENTIALS);
  }
}

/** Deletes the session the cookie names; answers the Set-Cookie headers that clear it. */
export async function signOut(cookieHeader: string): Promise<Headers> {
  const { headers } = await getAuth().api.signOut({
    headers: new Headers({ cookie: cookieHeader }),
    returnHeaders: true,
  });
  return headers;
}
