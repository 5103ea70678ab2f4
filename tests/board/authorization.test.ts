// The board's server action is a public endpoint: called as nobody, as a viewer, as another
// VBU's GM and as the VBU's own GM (who changes the lane in the canvas form instead), it must
// be refused with nothing changed. The last test fails when app/board/actions.ts exports an
// action this file does not exercise (tests/actions/authorization.test.ts checks it too, with
// every other action).
import { asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as boardActions from "../../app/board/actions";
import { getDb } from "../../db/client";
import { canvases, users, vbus } from "../../db/schema";
import { ONLY_ADMINS_MOVE_LANES } from "../../lib/canvas/write";
import { useSeededAppDatabase } from "../support/app-database";
import { ENGINES } from "../support/database";
import { clearCookies } from "../support/request";
import { run, signInAs } from "../support/session";

/** Everything a refused move must leave untouched. */
async function snapshot() {
  const db = getDb();
  return JSON.stringify([
    await db.select().from(users).orderBy(asc(users.id)),
    await db.select().from(vbus).orderBy(asc(vbus.id)),
    await db.select().from(canvases).orderBy(asc(canvases.id)),
  ]);
}

/** A move of Ana's Harbor Logistics (in build) to milk, at its current version: valid from an admin. */
async function harborMove(): Promise<Record<string, string>> {
  const rows = await getDb()
    .select({ vbuId: vbus.id, name: vbus.name, version: canvases.version })
    .from(vbus)
    .innerJoin(canvases, eq(canvases.vbuId, vbus.id));
  const harbor = rows.find((r) => r.name === "Harbor Logistics")!;
  return { vbuId: harbor.vbuId, lane: "milk", version: String(harbor.version) };
}

describe.each(ENGINES)("the board action's authorization on %s", (engine) => {
  useSeededAppDatabase(engine);

  const callers = [
    { who: "nobody", signIn: async () => clearCookies(), refused: /session has ended/ },
    { who: "a viewer", signIn: () => signInAs("viewer"), refused: ONLY_ADMINS_MOVE_LANES },
    { who: "another VBU's GM", signIn: () => signInAs("ben"), refused: ONLY_ADMINS_MOVE_LANES },
    { who: "the VBU's own GM", signIn: () => signInAs("ana"), refused: ONLY_ADMINS_MOVE_LANES },
  ];
  for (const { who, signIn, refused } of callers) {
    it(`moveLaneAction refuses ${who} and changes nothing`, async () => {
      await signIn();
      const input = await harborMove();
      const before = await snapshot();
      const result = await run(boardActions.moveLaneAction, input);
      expect(result).toMatchObject({
        status: "error",
        formError: typeof refused === "string" ? refused : expect.stringMatching(refused),
      });
      expect(await snapshot()).toBe(before);
    });
  }

  it("refuses nobody even when the input is invalid (authentication comes before validation)", async () => {
    clearCookies();
    expect(await run(boardActions.moveLaneAction, { vbuId: "not-a-uuid", lane: "nowhere" })).toMatchObject({
      formError: expect.stringMatching(/session has ended/),
    });
  });

  it("lets an admin make the same move (the refusals above are about who, not what)", async () => {
    await signInAs("admin");
    expect(await run(boardActions.moveLaneAction, await harborMove())).toMatchObject({ status: "success" });
  });
});

describe("the board's action inventory", () => {
  it("covers every exported server action of app/board/actions.ts", () => {
    expect(Object.keys(boardActions).sort()).toEqual(["moveLaneAction"]);
  });
});
