"use server";
import { redirect } from "next/navigation";
import { publicAction } from "@/lib/action";
import { signIn, signOut } from "@/lib/auth/sign-in";
import { signInSchema } from "@/lib/auth/sign-in-schema";
import { applySetCookies, cookieHeader, requestInfo } from "@/lib/auth/request";
import { safeReturnPath } from "@/lib/safe-return-path";

export const signInAction = publicAction(signInSchema, async ({ next, ...credentials }) => {
  const setCookies = await signIn(credentials, await requestInfo());
  await applySetCookies(setCookies);
  redirect(safeReturnPath(next));
});

// Needs no session: signing out without one just clears the cookie.
export async function signOutAction(): Promise<void> {
  await applySetCookies(await signOut(await cookieHeader()));
  redirect("/sign-in");
}
