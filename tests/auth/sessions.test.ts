import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { signOutAction, signInAction } from "../../app/sign-in/actions";
import { getDb } from "../../db/client";
import { DEMO_PASSWORD } from "../../db/seed";
import { sessions, signInFailures, users } from "../../db/schema";
import { disableUser } from "../../lib/admin/users";
import { getAuth } from "../../lib/auth/config";
import { getCurrentUser, requireUser } from "../../lib/auth/session";
import { GENERIC_ERROR } from "../../lib/errors";
import { SESSION_LIFETIME_SECONDS } from "../../lib/auth/limits";
import { SIGN_IN_LIMITS, signIn, TOO_MANY_ATTEMPTS, WRONG_CREDENTIALS } from "../../lib/auth/sign-in";
import { sessionStatement } from "../../scripts/bench-queries";
import { useSeededAppDatabase } from "../support/app-database";
import { countingQueries } from "../support/counting";
import { ENGINES } from "../support/database";
import { clearCookies, cookieStore, restoreCookies, saveCookies, setAddress } from "../support/request";
import { emailOf, idOf, run, signInAs } from "../support/session";

/** Makes getAuth() build better-auth again, from the environment as it is now. */
function resetAuth(): void {
  (globalThis as { canvasAuth?: unknown }).canvasAuth = undefined;
}

describe.each(ENGINES)("sessions on %s", (engine) => {
  const database = useSeededAppDatabase(engine);
  beforeEach(async () => {
    clearCookies();
    setAddress(`198.51.100.${Math.floor(Math.random() * 250) + 1}`);
    await getDb().delete(signInFailures);
  });

  it("signs in with the right password: an HttpOnly session cookie, a session row, the user and role", async () => {
    await signInAs("ana");
    // The one cookie sign-in sets, with every attribute it was set with.
    expect(cookieStore.getAll()).toEqual([
      {
        name: "better-auth.session_token",
        value: expect.stringMatching(/^[^.]+\.[^.]+$/),
        httpOnly: true,
        sameSite: "lax",
        path: "/",
        secure: false, // plain HTTP in development and tests; production below
        maxAge: SESSION_LIFETIME_SECONDS,
      },
    ]);
    const { result: user, queries } = await countingQueries(database.current(), getCurrentUser);
    // One join, the very SQL the bench builds from the same query builder and times bare.
    expect(queries).toEqual([sessionStatement("a token").sql]);
    expect(user).toEqual({
      id: await idOf("ana"),
      name: "Ana Silva",
      email: emailOf("ana"),
      role: "gm",
      mustChangePassword: false,
    });
    const rows = await getDb().select().from(sessions).where(eq(sessions.userId, user!.id));
    expect(rows.length).toBeGreaterThanOrEqual(1);
  });

  describe("in production", () => {
    beforeEach(() => {
      vi.stubEnv("NODE_ENV", "production");
      vi.stubEnv("BETTER_AUTH_SECRET", "a-production-secret-of-at-least-32-characters");
      resetAuth(); // lib/auth/config.ts reads the environment when it first builds better-auth
    });
    afterEach(() => {
      vi.unstubAllEnvs();
      resetAuth();
    });

    it("the session cookie is __Host- prefixed: Secure, HttpOnly, SameSite=Lax, Path=/, no Domain", async () => {
      await signInAs("ana");
      expect(cookieStore.getAll()).toEqual([
        {
          name: "__Host-better-auth.session_token",
          value: expect.stringMatching(/^[^.]+\.[^.]+$/),
          httpOnly: true,
          secure: true,
          sameSite: "lax",
          path: "/",
          maxAge: SESSION_LIFETIME_SECONDS,
        },
      ]);
      expect(cookieStore.get("__Host-better-auth.session_token")).not.toHaveProperty("domain");
      expect((await getCurrentUser())?.name).toBe("Ana Silva");
    });
  });

  it("accepts the email in any case and with spaces around it", async () => {
    const result = await run(signInAction, { email: `  ${emailOf("ben").toUpperCase()} `, password: DEMO_PASSWORD });
    expect(result).toBe("redirected");
    expect((await getCurrentUser())?.name).toBe("Ben Okafor");
  });

  it("refuses a wrong password or an unknown email with one clear message, and sets no cookie", async () => {
    for (const email of [emailOf("ana"), "nobody@canvas.example"]) {
      const result = await run(signInAction, { email, password: "not-the-password" });
      expect(result).toMatchObject({ status: "error", formError: WRONG_CREDENTIALS });
    }
    expect(cookieStore.getAll()).toEqual([]);
    await expect(requireUser()).rejects.toThrow(/session has ended/);
  });

  it("gives field errors for a malformed email and an empty password", async () => {
    const result = await run(signInAction, { email: "not an email", password: "" });
    expect(result).toMatchObject({
      status: "error",
      fieldErrors: { email: ["Enter a valid email address."], password: ["Enter your password."] },
    });
  });

  it("signing out ends the session: replaying the old cookie gets nothing", async () => {
    await signInAs("chloe");
    const old = saveCookies();
    expect(await run(async () => (await signOutAction(), { status: "idle", fieldErrors: {} }), {})).toBe("redirected");
    expect(cookieStore.getAll().filter((c) => c.name.endsWith("session_token"))).toEqual([]);
    restoreCookies(old);
    expect(await getCurrentUser()).toBeNull();
  });

  it("a session past its expiry, or whose user was disabled behind its back, gets nothing", async () => {
    await signInAs("ben");
    const benId = await idOf("ben");
    expect((await getCurrentUser())?.id).toBe(benId);
    const [session] = await getDb().select().from(sessions).where(eq(sessions.userId, benId)).limit(1);

    await getDb()
      .update(sessions)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(sessions.userId, benId));
    expect(await getCurrentUser()).toBeNull();

    await getDb().update(sessions).set({ expiresAt: session!.expiresAt }).where(eq(sessions.userId, benId));
    expect((await getCurrentUser())?.id).toBe(benId);
    await getDb().update(users).set({ disabledAt: new Date() }).where(eq(users.id, benId));
    try {
      expect(await getCurrentUser()).toBeNull();
    } finally {
      await getDb().update(users).set({ disabledAt: null }).where(eq(users.id, benId));
    }
  });

  it("a forged or altered session cookie gets nothing", async () => {
    await signInAs("ana");
    const cookie = cookieStore.getAll().find((c) => c.name.endsWith("session_token"))!;
    const value = decodeURIComponent(cookie.value);
    const [token, signature] = [value.slice(0, value.lastIndexOf(".")), value.slice(value.lastIndexOf(".") + 1)];
    const [other] = await getDb()
      .select()
      .from(sessions)
      .where(eq(sessions.userId, await idOf("admin")))
      .limit(1);
    const forgeries = [
      `${token}`, // no signature
      `${token}.`, // an empty one
      `${token}.${"A".repeat(43)}=`, // a made-up one
      // another token under this signature (its last character changed, whatever it was)
      `${token.slice(0, -1)}${token.endsWith("x") ? "y" : "x"}.${signature}`,
      `${other?.token ?? "someone-elses-token"}.${signature}`, // an admin's token under ana's signature
      `${token}.${signature}`.replace(/.$/, "%"), // not even URL-decodable
    ];
    for (const forged of forgeries) {
      cookieStore.set(cookie.name, encodeURIComponent(forged));
      expect(await getCurrentUser(), forged).toBeNull();
    }
    cookieStore.set(cookie.name, encodeURIComponent(`${token}.${signature}`));
    expect((await getCurrentUser())?.name).toBe("Ana Silva");
  });

  it("disabling a user ends their sessions, and they cannot sign in again", async () => {
    const [victim] = await getDb()
      .insert(users)
      .values({ email: `temp-${crypto.randomUUID()}@canvas.example`, name: "Temp GM", role: "gm" })
      .returning();
    // Give them the demo password through the same path an admin uses.
    const { hashPassword } = await import("../../lib/auth/passwords");
    const { accounts } = await import("../../db/schema");
    await getDb()
      .insert(accounts)
      .values({
        userId: victim!.id,
        providerId: "credential",
        accountId: victim!.id,
        password: await hashPassword(DEMO_PASSWORD),
      });

    expect(await run(signInAction, { email: victim!.email, password: DEMO_PASSWORD })).toBe("redirected");
    const old = saveCookies();
    expect((await getCurrentUser())?.id).toBe(victim!.id);

    await disableUser({ id: await idOf("admin"), role: "admin" }, victim!.id);
    restoreCookies(old);
    expect(await getCurrentUser()).toBeNull();
    expect(await getDb().select().from(sessions).where(eq(sessions.userId, victim!.id))).toEqual([]);

    clearCookies();
    const again = await run(signInAction, { email: victim!.email, password: DEMO_PASSWORD });
    expect(again).toMatchObject({ status: "error", formError: WRONG_CREDENTIALS });
  });

  it(`refuses an account after ${SIGN_IN_LIMITS.perAccount} failures, even with the right password`, async () => {
    for (let i = 0; i < SIGN_IN_LIMITS.perAccount; i++) {
      setAddress(`192.0.2.${i + 1}`); // from different addresses: the account limit alone
      expect(await run(signInAction, { email: emailOf("viewer"), password: "wrong-password" })).toMatchObject({
        formError: WRONG_CREDENTIALS,
      });
    }
    expect(await run(signInAction, { email: emailOf("viewer"), password: DEMO_PASSWORD })).toMatchObject({
      status: "error",
      formError: TOO_MANY_ATTEMPTS,
    });
    expect(await getCurrentUser()).toBeNull();
  });

  it(`lets no more than ${SIGN_IN_LIMITS.perAccount} attempts at an account reach the password check, even side by side`, async () => {
    const attempt = (password: string, i: number) =>
      signIn({ email: emailOf("chloe"), password }, { ip: `203.0.113.${i + 1}`, userAgent: null }).then(
        () => "signed in",
        (error: Error) => error.message,
      );
    // A burst: each attempt counts every one recorded before its own, so however they
    // interleave, at most the limit get as far as the password.
    const burst = await Promise.all(Array.from({ length: 15 }, (_, i) => attempt("wrong-password", i)));
    const checked = burst.filter((m) => m === WRONG_CREDENTIALS).length;
    expect(checked).toBeLessThanOrEqual(SIGN_IN_LIMITS.perAccount);
    expect(burst.filter((m) => m === TOO_MANY_ATTEMPTS)).toHaveLength(15 - checked);
    // Then one at a time: exactly the rest of the allowance, then the wait, right password or not.
    const after: string[] = [];
    for (let i = 0; i < 10 && after.at(-1) !== TOO_MANY_ATTEMPTS; i++)
      after.push(await attempt("wrong-password", 50 + i));
    expect(checked + after.filter((m) => m === WRONG_CREDENTIALS).length).toBe(SIGN_IN_LIMITS.perAccount);
    expect(await attempt(DEMO_PASSWORD, 99)).toBe(TOO_MANY_ATTEMPTS);
    // Only real failures stay counted: refused attempts do not stretch the wait.
    const counted = await getDb()
      .select()
      .from(signInFailures)
      .where(eq(signInFailures.key, `email:${emailOf("chloe")}`));
    expect(counted).toHaveLength(SIGN_IN_LIMITS.perAccount);
  });

  it("a successful sign-in leaves nothing counted against its address", async () => {
    setAddress("192.0.2.150");
    expect(await run(signInAction, { email: emailOf("ana"), password: DEMO_PASSWORD })).toBe("redirected");
    expect(await getDb().select().from(signInFailures)).toEqual([]);
  });

  it(`refuses an address after ${SIGN_IN_LIMITS.perAddress} failures, whatever the account`, async () => {
    setAddress("192.0.2.200");
    for (let i = 0; i < SIGN_IN_LIMITS.perAddress; i++) {
      await run(signInAction, { email: `guess-${i}@canvas.example`, password: "wrong-password" });
    }
    expect(await run(signInAction, { email: emailOf("admin"), password: DEMO_PASSWORD })).toMatchObject({
      formError: TOO_MANY_ATTEMPTS,
    });
    setAddress("192.0.2.201");
    expect(await run(signInAction, { email: emailOf("admin"), password: DEMO_PASSWORD })).toBe("redirected");
  });

  it("a successful sign-in clears the account's failures", async () => {
    for (let i = 0; i < SIGN_IN_LIMITS.perAccount - 1; i++) {
      await run(signInAction, { email: emailOf("ben"), password: "wrong-password" });
    }
    expect(await run(signInAction, { email: emailOf("ben"), password: DEMO_PASSWORD })).toBe("redirected");
    clearCookies();
    await run(signInAction, { email: emailOf("ben"), password: "wrong-password" });
    expect(await run(signInAction, { email: emailOf("ben"), password: DEMO_PASSWORD })).toBe("redirected");
  });

  describe("whatever better-auth throws, a failed attempt stays counted", () => {
    afterEach(() => vi.restoreAllMocks());
    const failures = async () =>
      (await getDb().select().from(signInFailures)).filter((f) => f.key === `email:${emailOf("viewer")}`).length;

    it("a refusal from another bundle's copy of better-auth (same shape, another class) is a wrong password", async () => {
      // What a route handler's copy throws when it built the shared auth object first.
      const foreign = Object.assign(new Error("Invalid email or password"), { name: "APIError", statusCode: 401 });
      vi.spyOn(getAuth().api, "signInEmail").mockRejectedValue(foreign);
      expect(await run(signInAction, { email: emailOf("viewer"), password: "wrong-password" })).toMatchObject({
        formError: WRONG_CREDENTIALS,
      });
      expect(await failures()).toBe(1);
    });

    it("an unexpected error fails closed: counted, and answered with the generic message", async () => {
      vi.spyOn(console, "error").mockImplementation(() => {});
      vi.spyOn(getAuth().api, "signInEmail").mockRejectedValue(new TypeError("something unexpected"));
      for (let i = 1; i <= SIGN_IN_LIMITS.perAccount; i++) {
        expect(await run(signInAction, { email: emailOf("viewer"), password: "wrong-password" })).toMatchObject({
          formError: GENERIC_ERROR,
        });
        expect(await failures()).toBe(i);
      }
      expect(await run(signInAction, { email: emailOf("viewer"), password: "wrong-password" })).toMatchObject({
        formError: TOO_MANY_ATTEMPTS,
      });
    });
  });
});
