import "server-only";
import { betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { getDb } from "../../db/client";
import * as schema from "../../db/schema";
import { readEnv } from "../env";
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, SESSION_LIFETIME_SECONDS } from "./limits";
import { hashPassword, verifyPassword } from "./passwords";

const hostOnly = (name: string) => ({ name: `__Host-better-auth.${name}` });
const HOST_ONLY_COOKIES = {
  session_token: hostOnly("session_token"),
  session_data: hostOnly("session_data"),
  account_data: hostOnly("account_data"),
  dont_remember: hostOnly("dont_remember"),
};

function createAuth() {
  const env = readEnv();
  return betterAuth({
    appName: "Canvas",
    // Failed sign-ins are worth a warning in the logs; in tests they are expected.
    logger: { level: env.NODE_ENV === "test" ? "error" : "warn" },
    secret: env.BETTER_AUTH_SECRET,
    baseURL: env.BETTER_AUTH_URL,
    database: drizzleAdapter(getDb(), { provider: "pg", usePlural: true, schema }),
    // Sign-in goes through our server actions only: no /api/auth routes are mounted, and the
    // rate limit lives in lib/auth/sign-in.ts (per account and per address, in the database).
    rateLimit: { enabled: false },
    emailAndPassword: {
      enabled: true,
      disableSignUp: true, // admins create users
      minPasswordLength: MIN_PASSWORD_LENGTH,
      maxPasswordLength: MAX_PASSWORD_LENGTH,
      password: { hash: hashPassword, verify: verifyPassword },
    },
    user: {
      additionalFields: {
        role: { type: "string", input: false, required: false },
        disabledAt: { type: "date", input: false, required: false },
        mustChangePassword: { type: "boolean", input: false, required: false },
      },
    },
    session: {
      expiresIn: SESSION_LIFETIME_SECONDS,
      // Every request reads the session row: signing out or disabling a user ends it at once.
      cookieCache: { enabled: false },
      disableSessionRefresh: true,
    },
    advanced: {
      database: { generateId: "uuid" },
      // In production every cookie is Secure and named `__Host-`: the browser then takes it only
      // over HTTPS (or from localhost), for Path=/ and without a Domain, so no subdomain can set
      // or read it. better-auth knows only the `__Secure-` prefix, so the names are given here.
      useSecureCookies: false,
      cookies: env.NODE_ENV === "production" ? HOST_ONLY_COOKIES : undefined,
      defaultCookieAttributes: { httpOnly: true, sameSite: "lax", path: "/", secure: env.NODE_ENV === "production" },
    },
    databaseHooks: {
      session: {
        create: {
          // Belt and braces: no session is ever created for a disabled user.
          before: async (session) => {
            const user = await getDb().query.users.findFirst({
              columns: { disabledAt: true },
              where: (u, { eq }) => eq(u.id, session.userId),
            });
            return user && !user.disabledAt ? { data: session } : false;
          },
        },
      },
    },
  });
}

/**
 * better-auth refusing a request (a wrong password, say), known by its shape as better-call
 * itself does: the auth object on globalThis may come from another bundle's copy of
 * better-auth, whose APIError class is not this copy's.
 */
export function isAuthRefusal(error: unknown): boolean {
  if (!(error instanceof Error) || error.name !== "APIError") return false;
  const { statusCode } = error as { statusCode?: unknown };
  return typeof statusCode === "number" && statusCode >= 400 && statusCode < 500;
}

type Auth = ReturnType<typeof createAuth>;
const globalForAuth = globalThis as unknown as { canvasAuth?: Auth };

export function getAuth(): Auth {
  globalForAuth.canvasAuth ??= createAuth();
  return globalForAuth.canvasAuth;
}
