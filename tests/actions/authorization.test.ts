// Every exported server action is a public endpoint. Each one is called here as nobody, as a
// viewer and as a GM aiming at another GM's VBU (or at admin-only work), and must be refused
// with nothing changed. A final test fails when an action module exports something this
// file does not exercise.
import { asc } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import * as userActions from "../../app/admin/users/actions";
import * as vbuActions from "../../app/admin/vbus/actions";
import * as signInActions from "../../app/sign-in/actions";
import { getDb } from "../../db/client";
import { seedDemo } from "../../db/seed";
import { accounts, canvases, users, vbus } from "../../db/schema";
import type { ActionState } from "../../lib/action-state";
import { useAppDatabase } from "../support/app-database";
import { ENGINES } from "../support/database";
import { clearCookies } from "../support/request";
import { type DemoKey, idOf, run, signInAs } from "../support/session";

type Action = (state: ActionState, data: FormData) => Promise<ActionState>;

/** Everything a refused action must leave untouched. */
async function snapshot() {
  const db = getDb();
  return JSON.stringify([
    await db.select().from(users).orderBy(asc(users.id)),
    await db.select().from(accounts).orderBy(asc(accounts.id)),
    await db.select().from(vbus).orderBy(asc(vbus.id)),
    await db.select().from(canvases).orderBy(asc(canvases.id)),
  ]);
}

async function vbuIdOf(name: string): Promise<string> {
  const rows = await getDb().select({ id: vbus.id, name: vbus.name }).from(vbus);
  return rows.find((r) => r.name === name)!.id;
}

interface Case {
  name: string;
  action: Action;
  /** Input aimed at a record the caller may not touch. */
  input: () => Promise<Record<string, string>>;
}

// Ana is GM of Harbor Logistics; the attacking GM below is Ben.
const CASES: Case[] = [
  {
    name: "createUserAction",
    action: userActions.createUserAction,
    input: async () => ({
      name: "Mallory",
      email: "mallory@canvas.example",
      role: "admin",
      temporaryPassword: "a-long-enough-password",
    }),
  },
  {
    name: "changeRoleAction",
    action: userActions.changeRoleAction,
    input: async () => ({ userId: await idOf("ben"), role: "admin" }),
  },
  {
    name: "disableUserAction",
    action: userActions.disableUserAction,
    input: async () => ({ userId: await idOf("ana") }),
  },
  {
    name: "enableUserAction",
    action: userActions.enableUserAction,
    input: async () => ({ userId: await idOf("ana") }),
  },
  {
    name: "deleteUserAction",
    action: userActions.deleteUserAction,
    input: async () => ({ userId: await idOf("viewer") }),
  },
  {
    name: "createVbuAction",
    action: vbuActions.createVbuAction,
    input: async () => ({ name: "Shadow VBU", gmId: await idOf("ben"), lane: "build" }),
  },
  {
    name: "renameVbuAction",
    action: vbuActions.renameVbuAction,
    input: async () => ({ vbuId: await vbuIdOf("Harbor Logistics"), name: "Taken over" }),
  },
  {
    name: "reassignGmAction",
    action: vbuActions.reassignGmAction,
    input: async () => ({ vbuId: await vbuIdOf("Harbor Logistics"), gmId: await idOf("ben") }),
  },
  {
    name: "deleteVbuAction",
    action: vbuActions.deleteVbuAction,
    input: async () => ({ vbuId: await vbuIdOf("Harbor Logistics") }),
  },
];

// Actions that need no session by design, each with the reason.
const PUBLIC_ACTIONS: Record<string, string> = {
  signInAction: "signing in is how a session starts",
  signOutAction: "only ends the caller's own session",
};

describe.each(ENGINES)("server action authorization on %s", (engine) => {
  const database = useAppDatabase(engine);
  beforeAll(async () => {
    await seedDemo(database.current().db);
  });

  const callers: { who: string; signIn: () => Promise<void>; expected: RegExp }[] = [
    { who: "nobody", signIn: async () => clearCookies(), expected: /session has ended/ },
    { who: "a viewer", signIn: () => signInAs("viewer" as DemoKey), expected: /Only admins/ },
    { who: "another VBU's GM", signIn: () => signInAs("ben" as DemoKey), expected: /Only admins/ },
  ];

  for (const { name, action, input } of CASES) {
    for (const { who, signIn, expected } of callers) {
      it(`${name} refuses ${who} and changes nothing`, async () => {
        await signIn();
        const values = await input();
        const before = await snapshot();
        const result = await run(action, values);
        expect(result).toMatchObject({ status: "error", formError: expect.stringMatching(expected) });
        expect(await snapshot()).toBe(before);
      });
    }
  }

  it("refuses nobody even when the input is invalid (authentication comes before validation)", async () => {
    clearCookies();
    for (const { action } of CASES) {
      expect(await run(action, { vbuId: "not-a-uuid" })).toMatchObject({
        formError: expect.stringMatching(/session has ended/),
      });
    }
  });
});

describe("the action inventory", () => {
  it("covers every exported server action", () => {
    const exported = [...Object.keys(userActions), ...Object.keys(vbuActions), ...Object.keys(signInActions)].sort();
    const covered = [...CASES.map((c) => c.name), ...Object.keys(PUBLIC_ACTIONS)].sort();
    expect(exported).toEqual(covered);
  });
});
