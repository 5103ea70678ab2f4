import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { changePasswordAction } from "../../app/account/password/actions";
import { createUserAction } from "../../app/admin/users/actions";
import { signInAction } from "../../app/sign-in/actions";
import { addThesisAction } from "../../app/vbus/[id]/actions";
import { getDb } from "../../db/client";
import { users } from "../../db/schema";
import { TOO_MANY_PASSWORD_GUESSES } from "../../lib/auth/change-password";
import { getAuth } from "../../lib/auth/config";
import { GENERIC_ERROR } from "../../lib/errors";
import { CHOOSE_PASSWORD_FIRST, getCurrentUser } from "../../lib/auth/session";
import { SIGN_IN_LIMITS, TOO_MANY_ATTEMPTS } from "../../lib/auth/sign-in";
import { useSeededAppDatabase } from "../support/app-database";
import { ENGINES } from "../support/database";
import { clearCookies, restoreCookies, saveCookies } from "../support/request";
import { run, signInAs } from "../support/session";

const TEMPORARY = "temporary-password-1";
const CHOSEN = "a-password-of-my-own";

async function newUserOnTemporaryPassword() {
  await signInAs("admin");
  const email = `newcomer-${randomUUID().slice(0, 8)}@canvas.example`;
  expect(
    await run(createUserAction, { name: "Newcomer", email, role: "gm", temporaryPassword: TEMPORARY }),
  ).toMatchObject({
    status: "success",
  });
  clearCookies();
  expect(await run(signInAction, { email, password: TEMPORARY })).toBe("redirected");
  return email;
}

describe.each(ENGINES)("choosing a password on %s", (engine) => {
  useSeededAppDatabase(engine);

  it("a user created with a temporary password may do nothing but change it", async () => {
    await newUserOnTemporaryPassword();
    expect((await getCurrentUser())?.mustChangePassword).toBe(true);
    const result = await run(addThesisAction, { vbuId: randomUUID(), text: "Sneaky" });
    expect(result).toMatchObject({ status: "error", formError: CHOOSE_PASSWORD_FIRST });
  });

  it("checks the current password, the confirmation, and that the new one differs", async () => {
    await newUserOnTemporaryPassword();
    expect(
      await run(changePasswordAction, {
        currentPassword: "wrong-password",
        newPassword: CHOSEN,
        confirmPassword: CHOSEN,
      }),
    ).toMatchObject({ status: "error", fieldErrors: { currentPassword: ["That is not your current password."] } });
    expect(
      await run(changePasswordAction, { currentPassword: TEMPORARY, newPassword: CHOSEN, confirmPassword: "typo" }),
    ).toMatchObject({ fieldErrors: { confirmPassword: ["The two new passwords differ."] } });
    expect(
      await run(changePasswordAction, {
        currentPassword: TEMPORARY,
        newPassword: TEMPORARY,
        confirmPassword: TEMPORARY,
      }),
    ).toMatchObject({ fieldErrors: { newPassword: ["Choose a password different from the current one."] } });
    expect(
      await run(changePasswordAction, { currentPassword: TEMPORARY, newPassword: "short", confirmPassword: "short" }),
    ).toMatchObject({ fieldErrors: { newPassword: ["Use at least 12 characters."] } });
  });

  it(`after ${SIGN_IN_LIMITS.perAccount} wrong current passwords, refuses even the right one, as sign-in does`, async () => {
    const email = await newUserOnTemporaryPassword();
    for (let i = 0; i < SIGN_IN_LIMITS.perAccount; i++) {
      expect(
        await run(changePasswordAction, {
          currentPassword: `guess-${i}`,
          newPassword: CHOSEN,
          confirmPassword: CHOSEN,
        }),
      ).toMatchObject({ fieldErrors: { currentPassword: ["That is not your current password."] } });
    }
    expect(
      await run(changePasswordAction, { currentPassword: TEMPORARY, newPassword: CHOSEN, confirmPassword: CHOSEN }),
    ).toMatchObject({ status: "error", formError: TOO_MANY_PASSWORD_GUESSES });
    clearCookies();
    expect(await run(signInAction, { email, password: TEMPORARY })).toMatchObject({ formError: TOO_MANY_ATTEMPTS });
  });

  describe("whatever better-auth throws, a wrong guess stays counted", () => {
    afterEach(() => vi.restoreAllMocks());
    const guess = () =>
      run(changePasswordAction, { currentPassword: "a-guess", newPassword: CHOSEN, confirmPassword: CHOSEN });

    it("a refusal from another bundle's copy of better-auth (same shape, another class) is a wrong password", async () => {
      await newUserOnTemporaryPassword();
      const foreign = Object.assign(new Error("Invalid password"), { name: "APIError", statusCode: 400 });
      vi.spyOn(getAuth().api, "changePassword").mockRejectedValue(foreign);
      for (let i = 0; i < SIGN_IN_LIMITS.perAccount; i++) {
        expect(await guess()).toMatchObject({
          fieldErrors: { currentPassword: ["That is not your current password."] },
        });
      }
      expect(await guess()).toMatchObject({ formError: TOO_MANY_PASSWORD_GUESSES });
    });

    it("an unexpected error fails closed: counted, and answered with the generic message", async () => {
      await newUserOnTemporaryPassword();
      vi.spyOn(console, "error").mockImplementation(() => {});
      vi.spyOn(getAuth().api, "changePassword").mockRejectedValue(new TypeError("something unexpected"));
      for (let i = 0; i < SIGN_IN_LIMITS.perAccount; i++) {
        expect(await guess()).toMatchObject({ formError: GENERIC_ERROR });
      }
      expect(await guess()).toMatchObject({ formError: TOO_MANY_PASSWORD_GUESSES });
    });
  });

  it("the new password replaces the temporary one, clears the flag and ends the other sessions", async () => {
    const email = await newUserOnTemporaryPassword();
    const otherSession = saveCookies();
    clearCookies();
    expect(await run(signInAction, { email, password: TEMPORARY })).toBe("redirected");

    expect(
      await run(changePasswordAction, { currentPassword: TEMPORARY, newPassword: CHOSEN, confirmPassword: CHOSEN }),
    ).toBe("redirected");
    expect(await getCurrentUser()).toMatchObject({ email, mustChangePassword: false });
    const [row] = await getDb().select().from(users).where(eq(users.email, email));
    expect(row!.mustChangePassword).toBe(false);

    restoreCookies(otherSession);
    expect(await getCurrentUser()).toBeNull();

    clearCookies();
    expect(await run(signInAction, { email, password: TEMPORARY })).toMatchObject({ status: "error" });
    expect(await run(signInAction, { email, password: CHOSEN })).toBe("redirected");
  });

  it("refuses nobody", async () => {
    clearCookies();
    expect(
      await run(changePasswordAction, { currentPassword: TEMPORARY, newPassword: CHOSEN, confirmPassword: CHOSEN }),
    ).toMatchObject({ status: "error", formError: expect.stringMatching(/session has ended/) });
  });
});
