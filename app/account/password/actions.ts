"use server";
import { redirect } from "next/navigation";
import { userAction } from "@/lib/action";
import { changeOwnPassword } from "@/lib/auth/change-password";
import { changePasswordSchema } from "@/lib/auth/password-schema";
import { applySetCookies, cookieHeader } from "@/lib/auth/request";
import { safeReturnPath } from "@/lib/safe-return-path";

// Changes only the caller's own password, after checking their current one; allowed while on
// a temporary password (that is what it is for).
export const changePasswordAction = userAction(
  changePasswordSchema,
  async ({ currentPassword, newPassword, next }, user) => {
    await applySetCookies(await changeOwnPassword(user, { currentPassword, newPassword }, await cookieHeader()));
    redirect(safeReturnPath(next));
  },
  { allowTemporaryPassword: true },
);
