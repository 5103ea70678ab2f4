// A server action is a public endpoint, and its arguments are whatever a client sends: not
// only FormData. Every exported action of every "use server" module (found by reading app/,
// tests/support/endpoints.ts, so a new module is covered without being listed) is called with
// no arguments, a string, a plain object and the like, signed out and as an admin. Each must
// answer a clean state (or, for sign-out, its redirect) and log nothing: no stack in the
// server's output.
import { isRedirectError } from "next/dist/client/components/redirect-error";
import { afterEach, describe, expect, it, vi } from "vitest";
import { UNREADABLE_FORM } from "../../lib/action";
import { IDLE } from "../../lib/action-state";
import { useSeededAppDatabase } from "../support/app-database";
import { ENGINES } from "../support/database";
import { actionsOf, serverActionModules } from "../support/endpoints";
import { clearCookies } from "../support/request";
import { signInAs } from "../support/session";

const MALFORMED: [what: string, args: unknown[]][] = [
  ["no arguments", []],
  ["undefined", [undefined]],
  ["a string", ["vbuId=1"]],
  ["a plain object", [{ vbuId: "not-a-uuid" }]],
  ["a state and nothing", [IDLE]],
  ["a state and undefined", [IDLE, undefined]],
  ["a state and null", [IDLE, null]],
  ["a state and a string", [IDLE, "email=a@b.c&password=x"]],
  ["a state and a plain object", [IDLE, { email: "morgan.ellis@canvas.example", password: "x", vbuId: "x" }]],
  ["a state and an array", [IDLE, [["vbuId", "x"]]]],
];

// How each action answers what it cannot read: sign-out needs nothing, so it just signs out.
const SIGNS_OUT = new Set(["signOutAction"]);
const NEEDS_NO_SESSION = new Set(["signInAction"]);

async function call(action: (...args: unknown[]) => Promise<unknown>, args: unknown[]): Promise<unknown> {
  try {
    return await action(...args);
  } catch (error) {
    if (isRedirectError(error)) return "redirected";
    throw error;
  }
}

describe("the action modules", () => {
  it("are found by reading app/", () => {
    expect(serverActionModules().length).toBeGreaterThanOrEqual(6);
  });
});

describe.each(ENGINES)("server actions given anything but FormData on %s", (engine) => {
  useSeededAppDatabase(engine);
  afterEach(() => vi.restoreAllMocks());

  const callers = [
    { who: "nobody", signIn: async () => clearCookies(), refused: /session has ended/ },
    { who: "an admin", signIn: () => signInAs("admin"), refused: new RegExp(`^${UNREADABLE_FORM}$`) },
  ];

  for (const file of serverActionModules()) {
    for (const { who, signIn, refused } of callers) {
      it(`${file}: every action answers ${who} cleanly, and logs nothing`, async () => {
        const actions = await actionsOf(file);
        expect(actions.length).toBeGreaterThan(0);
        for (const { name, action } of actions) {
          await signIn();
          for (const [what, args] of MALFORMED) {
            if (SIGNS_OUT.has(name)) await signIn(); // the previous call ended the session
            const errors = vi.spyOn(console, "error");
            const result = await call(action, args);
            const expected = SIGNS_OUT.has(name)
              ? "redirected"
              : {
                  status: "error",
                  formError: expect.stringMatching(NEEDS_NO_SESSION.has(name) ? UNREADABLE_FORM : refused),
                  fieldErrors: {},
                };
            expect({ name, what, result }).toEqual({ name, what, result: expected });
            expect({ name, what, logged: errors.mock.calls }).toEqual({ name, what, logged: [] });
            errors.mockRestore();
          }
        }
      });
    }
  }
});
