// Signing in through the real sign-in action, so tests hold a real session cookie.
import { isRedirectError } from "next/dist/client/components/redirect-error";
import { eq } from "drizzle-orm";
import { signInAction } from "../../app/sign-in/actions";
import { getDb } from "../../db/client";
import { DEMO_PASSWORD, DEMO_USERS } from "../../db/seed";
import { users } from "../../db/schema";
import { type ActionState, IDLE, type ServerAction } from "../../lib/action-state";
import type { Actor } from "../../lib/auth/roles";
import { clearCookies } from "./request";

export type DemoKey = (typeof DEMO_USERS)[number]["key"];

export function formData(values: Record<string, string>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(values)) data.set(key, value);
  return data;
}

/** Runs an action; a redirect (how sign-in and delete end) answers "redirected". */
export async function run(
  action: ServerAction<unknown>,
  values: Record<string, string>,
): Promise<ActionState<unknown> | "redirected"> {
  try {
    return await action(IDLE, formData(values));
  } catch (error) {
    if (isRedirectError(error)) return "redirected";
    throw error;
  }
}

export function emailOf(key: DemoKey): string {
  return DEMO_USERS.find((u) => u.key === key)!.email;
}

export async function idOf(key: DemoKey): Promise<string> {
  const [row] = await getDb()
    .select({ id: users.id })
    .from(users)
    .where(eq(users.email, emailOf(key)));
  return row!.id;
}

/** A demo person as lib/ sees them: id and role. */
export async function actorOf(key: DemoKey): Promise<Actor> {
  return { id: await idOf(key), role: DEMO_USERS.find((u) => u.key === key)!.role };
}

/** Signs in as a demo person (fresh cookie jar), failing the test if it does not work. */
export async function signInAs(key: DemoKey): Promise<void> {
  clearCookies();
  const result = await run(signInAction, { email: emailOf(key), password: DEMO_PASSWORD });
  if (result !== "redirected") throw new Error(`Sign-in as ${key} failed: ${JSON.stringify(result)}`);
}
