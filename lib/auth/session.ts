import "server-only";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { getDb } from "../../db/client";
import type { UserRole } from "../../db/schema";
import { SignedOutError, UserFacingError } from "../errors";
import { getAuth } from "./config";
import { readSignedSessionToken } from "./session-cookie";
import { isAdmin } from "./roles";
import { sessionUserQuery } from "./session-query";

/** Who is signed in: only what pages and checks need. */
export interface SessionUser {
  id: string;
  name: string;
  email: string;
  role: UserRole;
  /** Signed in with a temporary password: must choose their own before anything else. */
  mustChangePassword: boolean;
}

/**
 * The signed-in user, or null. Reads the session row on every request (no cookie cache), so
 * signing out, expiry or disabling the user ends access at once. One query: the session and
 * its user together (better-auth's getSession makes two, and costs about 1.5 ms of CPU more).
 */
export const getCurrentUser = cache(async (): Promise<SessionUser | null> => {
  const requestHeaders = await headers(); // first: it makes the page dynamic before anything opens
  const context = await getAuth().$context;
  const token = readSignedSessionToken(
    requestHeaders.get("cookie"),
    context.authCookies.sessionToken.name,
    context.secret,
  );
  if (!token) return null;
  const [user] = await sessionUserQuery(getDb(), token);
  return user ?? null;
});

export const PASSWORD_PAGE = "/account/password";
export const CHOOSE_PASSWORD_FIRST = "Choose your own password before anything else.";

/**
 * For server actions and lib/: the signed-in user, or a SignedOutError. Someone still on a
 * temporary password may only change it.
 */
export async function requireUser({ allowTemporaryPassword = false } = {}): Promise<SessionUser> {
  const user = await getCurrentUser();
  if (!user) throw new SignedOutError();
  if (user.mustChangePassword && !allowTemporaryPassword) throw new UserFacingError(CHOOSE_PASSWORD_FIRST);
  return user;
}

/** For pages: the signed-in user, or a redirect to sign-in (or to choosing a password) that comes back here. */
export async function requireUserForPage(returnTo: string): Promise<SessionUser> {
  const user = await getCurrentUser();
  if (!user) redirect(`/sign-in?next=${encodeURIComponent(returnTo)}`);
  if (user.mustChangePassword && returnTo !== PASSWORD_PAGE) {
    redirect(`${PASSWORD_PAGE}?next=${encodeURIComponent(returnTo)}`);
  }
  return user;
}

/** For admin pages: anyone else gets a 404, as if the page did not exist. */
export async function requireAdminForPage(returnTo: string): Promise<SessionUser> {
  const user = await requireUserForPage(returnTo);
  if (!isAdmin(user)) notFound();
  return user;
}
