import "server-only";
import { and, eq, gt, inArray, lt, sql } from "drizzle-orm";
import { APIError } from "better-auth/api";
import { getDb } from "../../db/client";
import { signInFailures } from "../../db/schema";
import { UserFacingError } from "../errors";
import { getAuth } from "./config";
import type { SignInInput } from "./sign-in-schema";

// Failed sign-ins allowed in the window before further attempts are refused.
export const SIGN_IN_LIMITS = { perAccount: 5, perAddress: 20, windowMinutes: 15 } as const;
export const WRONG_CREDENTIALS = "Email or password is incorrect, or the account is disabled.";
export const TOO_MANY_ATTEMPTS = `Too many failed sign-ins. Wait ${SIGN_IN_LIMITS.windowMinutes} minutes and try again.`;

export interface RequestInfo {
  ip: string;
  userAgent: string | null;
}

const accountKey = (email: string) => `email:${email.toLowerCase()}`;
const addressKey = (ip: string) => `ip:${ip}`;

async function recentFailures(keys: string[]): Promise<Map<string, number>> {
  const rows = await getDb()
    .select({ key: signInFailures.key, n: sql<number>`count(*)::int` })
    .from(signInFailures)
    .where(
      and(
        inArray(signInFailures.key, keys),
        gt(signInFailures.failedAt, sql`now() - make_interval(mins => ${SIGN_IN_LIMITS.windowMinutes})`),
      ),
    )
    .groupBy(signInFailures.key);
  return new Map(rows.map((r) => [r.key, r.n]));
}

async function recordFailure(keys: string[]): Promise<void> {
  const db = getDb();
  await db.insert(signInFailures).values(keys.map((key) => ({ key })));
  // Old failures mean nothing any more: keep the table small.
  await db.delete(signInFailures).where(lt(signInFailures.failedAt, sql`now() - interval '1 day'`));
}

/**
 * Checks the rate limits, then the password. Answers the Set-Cookie headers of the new
 * session for the caller to apply. Every refusal is a UserFacingError with a clear message.
 */
export async function signIn(input: Pick<SignInInput, "email" | "password">, request: RequestInfo): Promise<Headers> {
  const email = input.email.toLowerCase();
  const keys = [accountKey(email), addressKey(request.ip)];
  const failures = await recentFailures(keys);
  if (
    (failures.get(keys[0]!) ?? 0) >= SIGN_IN_LIMITS.perAccount ||
    (failures.get(keys[1]!) ?? 0) >= SIGN_IN_LIMITS.perAddress
  ) {
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
    await getDb().delete(signInFailures).where(eq(signInFailures.key, keys[0]!));
    return headers;
  } catch (error) {
    if (error instanceof APIError) {
      await recordFailure(keys);
      throw new UserFacingError(WRONG_CREDENTIALS);
    }
    throw error;
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
