import "server-only";
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { sessions, users } from "../../db/schema";

/**
 * What every page reads first: a session token's user, in one join with the session, if the
 * session has not expired and the user is not disabled. Built here, not run: getCurrentUser
 * (lib/auth/session.ts) runs it, and the bench (scripts/bench-queries.ts) times its SQL bare.
 * Apart from session.ts so that a script can import it without Next.js.
 */
export function sessionUserQuery(db: Pick<Database, "select">, token: string) {
  return db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      role: users.role,
      mustChangePassword: users.mustChangePassword,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.token, token), gt(sessions.expiresAt, sql`now()`), isNull(users.disabledAt)));
}
