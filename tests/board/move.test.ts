// Moving a VBU to another lane from the board (lib/canvas/write.ts and its server action in
// app/board/actions.ts): admins only, on the canvas form's rules (the version the board was
// read at; the version bumped; who and when recorded), and a refusal changes nothing. The
// action's refusals of every other caller are in tests/board/authorization.test.ts.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { revalidatePath } from "next/cache";
import { moveLaneAction } from "../../app/board/actions";
import { getDb } from "../../db/client";
import { canvases } from "../../db/schema";
import type { Actor } from "../../lib/auth/roles";
import { moveLaneSchema } from "../../lib/canvas/schemas";
import { LANE_CONFLICT, moveVbuToLane, ONLY_ADMINS_MOVE_LANES } from "../../lib/canvas/write";
import { ConflictError, ForbiddenError, NotFoundError } from "../../lib/errors";
import { useSeededAppDatabase } from "../support/app-database";
import { ENGINES } from "../support/database";
import { idOf, run, signInAs } from "../support/session";
import { insertUser, insertVbu } from "./support";

const LONG_AGO = new Date("2020-01-01T00:00:00.000Z");

async function canvasOf(vbuId: string) {
  const [row] = await getDb().select().from(canvases).where(eq(canvases.vbuId, vbuId));
  return row!;
}

describe("moveLaneSchema", () => {
  it("accepts a VBU, a lane and a version, and refuses anything else", () => {
    const vbuId = "3f1c9f1e-2b7a-4c1d-9e55-0a6b2f9d8c11";
    expect(moveLaneSchema.parse({ vbuId, lane: "milk", version: "3" })).toEqual({ vbuId, lane: "milk", version: 3 });
    for (const bad of [
      { vbuId: "x", lane: "milk", version: "3" },
      { vbuId, lane: "archive", version: "3" },
      { vbuId, lane: "milk", version: "0" },
      { vbuId, lane: "milk", version: "1.5" },
      { vbuId, lane: "milk" },
    ]) {
      expect(moveLaneSchema.safeParse(bad).success).toBe(false);
    }
  });
});

describe.each(ENGINES)("moving a VBU to another lane on %s", (engine) => {
  useSeededAppDatabase(engine);
  let admin: Actor;
  let gm: Actor;
  let viewer: Actor;

  beforeAll(async () => {
    admin = { id: await idOf("admin"), role: "admin" };
    gm = { id: await idOf("ana"), role: "gm" };
    viewer = await insertUser("viewer");
  });

  /** Ana's VBU in the build lane, last changed long ago. */
  async function anasVbu() {
    const vbu = await insertVbu({ gmId: gm.id, lane: "build", theses: [[["in_progress", null]]], testing: 0 });
    await getDb()
      .update(canvases)
      .set({ updatedAt: LONG_AGO, versionSavedAt: LONG_AGO })
      .where(eq(canvases.id, vbu.canvasId));
    return vbu;
  }

  it("lets an admin move it: the lane changes, the version goes up, who and when are recorded", async () => {
    const vbu = await anasVbu();
    const before = await canvasOf(vbu.vbuId);
    const result = await moveVbuToLane(admin, { vbuId: vbu.vbuId, lane: "sell", version: 1 });
    expect(result).toEqual({ vbuName: vbu.name, lane: "sell", version: 2, moved: true });
    const after = await canvasOf(vbu.vbuId);
    expect(after).toMatchObject({ lifecycleLane: "sell", version: 2, updatedBy: admin.id, versionSavedBy: admin.id });
    expect(after.updatedAt.getTime()).toBeGreaterThan(LONG_AGO.getTime());
    expect(after.versionSavedAt).toEqual(after.updatedAt);
    // Nothing else on the canvas changes.
    const changed = ["lifecycleLane", "version", "updatedAt", "updatedBy", "versionSavedAt", "versionSavedBy"];
    const unchanged = (row: typeof after) => Object.entries(row).filter(([key]) => !changed.includes(key));
    expect(unchanged(after)).toEqual(unchanged(before));

    // The next move carries the new version.
    expect(await moveVbuToLane(admin, { vbuId: vbu.vbuId, lane: "reframe", version: 2 })).toMatchObject({
      version: 3,
      moved: true,
    });
  });

  it("refuses a move based on an older version, with what is there now, and changes nothing", async () => {
    const vbu = await anasVbu();
    await moveVbuToLane(admin, { vbuId: vbu.vbuId, lane: "milk", version: 1 }); // someone else, first
    const before = await canvasOf(vbu.vbuId);
    const attempt = moveVbuToLane(admin, { vbuId: vbu.vbuId, lane: "reframe", version: 1 });
    await expect(attempt).rejects.toThrow(ConflictError);
    await expect(attempt).rejects.toMatchObject({ message: LANE_CONFLICT, latest: { lane: "milk", version: 2 } });
    expect(await canvasOf(vbu.vbuId)).toEqual(before);
  });

  it("answers a move to the lane it is already in without writing anything", async () => {
    const vbu = await anasVbu();
    const before = await canvasOf(vbu.vbuId);
    expect(await moveVbuToLane(admin, { vbuId: vbu.vbuId, lane: "build", version: 1 })).toEqual({
      vbuName: vbu.name,
      lane: "build",
      version: 1,
      moved: false,
    });
    expect(await canvasOf(vbu.vbuId)).toEqual(before);
  });

  it("refuses the VBU's own GM (they use the canvas form) and viewers, changing nothing", async () => {
    const vbu = await anasVbu();
    const before = await canvasOf(vbu.vbuId);
    for (const actor of [gm, viewer]) {
      const attempt = moveVbuToLane(actor, { vbuId: vbu.vbuId, lane: "sell", version: 1 });
      await expect(attempt).rejects.toThrow(ForbiddenError);
      await expect(attempt).rejects.toThrow(ONLY_ADMINS_MOVE_LANES);
    }
    expect(await canvasOf(vbu.vbuId)).toEqual(before);
  });

  it("says when the VBU is gone", async () => {
    await expect(
      moveVbuToLane(admin, { vbuId: "00000000-0000-4000-8000-000000000000", lane: "sell", version: 1 }),
    ).rejects.toThrow(NotFoundError);
  });

  it("through the action: an admin's move answers success (what the board shows, no more) and refreshes the board and the canvas", async () => {
    const vbu = await anasVbu();
    vi.mocked(revalidatePath).mockClear();
    await signInAs("admin");
    expect(await run(moveLaneAction, { vbuId: vbu.vbuId, lane: "milk", version: "1" })).toEqual({
      status: "success",
      message: `${vbu.name} moved to Milk.`,
    });
    expect(
      vi
        .mocked(revalidatePath)
        .mock.calls.map(([path]) => path)
        .sort(),
    ).toEqual(["/board", `/vbus/${vbu.vbuId}`]);

    // A stale board gets the conflict as form state, with the latest lane and version.
    expect(await run(moveLaneAction, { vbuId: vbu.vbuId, lane: "sell", version: "1" })).toEqual({
      status: "conflict",
      formError: LANE_CONFLICT,
      latest: { lane: "milk", version: 2 },
    });
    // Hostile input is a form error, not a crash.
    expect(await run(moveLaneAction, { vbuId: vbu.vbuId, lane: "archive", version: "2" })).toMatchObject({
      status: "error",
      fieldErrors: { lane: [expect.any(String)] },
    });
    expect((await canvasOf(vbu.vbuId)).lifecycleLane).toBe("milk");
  });
});
