// Races on one canvas, on the real PostgreSQL server only (PGlite has one connection, so
// nothing there runs concurrently). Each race is forced, not hoped for: the first write is held
// once its transaction has locked the canvas row and before it checks anything, the second is
// started then, and the first goes on only once PostgreSQL shows the second blocked by it
// (raceAtCanvasLock in ./support). The second then reads what the first committed, so the
// outcome of each interleaving is exact; where the order matters, both orders are forced.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { proofPoints, theses } from "../../db/schema";
import type { Actor } from "../../lib/auth/roles";
import { thesisFingerprint } from "../../lib/canvas/fingerprint";
import { reorderThesesSchema, saveCanvasSchema, setCurrentlyTestingSchema } from "../../lib/canvas/schemas";
import {
  addThesis,
  deleteThesis,
  editThesis,
  reorderTheses,
  saveCanvas,
  setCurrentlyTesting,
  TOO_MANY_THESES,
} from "../../lib/canvas/write";
import { ConflictError, UserFacingError } from "../../lib/errors";
import { useSeededAppDatabase } from "../support/app-database";
import { canvasRow, type CanvasRace, insertCanvas, numberedTheses, raceAtCanvasLock, thesesOf } from "./support";
import { actorOf } from "../support/session";

// ---------------------------------------------------------------------------- factories

/** A new VBU of Ana's with `thesisCount` theses of `pointsPerThesis` proof points each. */
const newCanvas = (thesisCount: number, pointsPerThesis = 0) =>
  insertCanvas({
    gm: "ana",
    values: { productName: "Original" },
    theses: numberedTheses(thesisCount, pointsPerThesis),
  });

const canvasInput = (vbuId: string, version: number, productName: string) =>
  saveCanvasSchema.parse({
    vbuId,
    version: String(version),
    productName,
    lifecycleLane: "sell",
    successDescription: `${productName} success`,
    futureStateIntent: "",
    primaryFocus: `${productName} focus`,
    resistDoing: "",
    goodDiscipline: "",
    primaryConstraint: "",
  });

const order = (vbuId: string, previousOrder: string[], wanted: string[]) =>
  reorderThesesSchema.parse({ vbuId, previousOrder: previousOrder.join(","), order: wanted.join(",") });

/** The first write won and was not waited on; the second, started while the first held the lock, waited for it. */
function firstWon<A, B>(race: CanvasRace<A, B>): unknown {
  expect(race.first.status, String((race.first as PromiseRejectedResult).reason)).toBe("fulfilled");
  expect(race.secondWaited, "the second write waited for the first's canvas lock").toBe(true);
  expect(race.second.status, "the second write should have been refused").toBe("rejected");
  return (race.second as PromiseRejectedResult).reason;
}

/** Both writes went through, the second after waiting for the first's lock. */
function bothWent<A, B>(race: CanvasRace<A, B>): void {
  expect([race.first, race.second].map((o) => (o.status === "rejected" ? String(o.reason) : o.status))).toEqual([
    "fulfilled",
    "fulfilled",
  ]);
  expect(race.secondWaited, "the second write waited for the first's canvas lock").toBe(true);
}

const pointAtTarget = (actor: Actor, vbuId: string, target: string) =>
  setCurrentlyTesting(actor, setCurrentlyTestingSchema.parse({ vbuId, target }));

/** Where the canvas points, which must be nothing or a thesis or proof point of this canvas. */
async function assertPointerValid(canvasId: string): Promise<void> {
  const canvas = await canvasRow(canvasId);
  if (canvas.currentlyTestingId === null) {
    expect(canvas.currentlyTestingType).toBeNull();
    return;
  }
  const db = getDb();
  const found =
    canvas.currentlyTestingType === "thesis"
      ? await db.select({ canvasId: theses.canvasId }).from(theses).where(eq(theses.id, canvas.currentlyTestingId))
      : await db
          .select({ canvasId: theses.canvasId })
          .from(proofPoints)
          .innerJoin(theses, eq(theses.id, proofPoints.thesisId))
          .where(eq(proofPoints.id, canvas.currentlyTestingId));
  expect(found, `the pointer ${canvas.currentlyTestingType}:${canvas.currentlyTestingId} dangles`).toEqual([
    { canvasId },
  ]);
}

// ---------------------------------------------------------------------------- tests

describe("canvas races on postgres", () => {
  useSeededAppDatabase("postgres");
  let ana: Actor;
  let admin: Actor;
  beforeAll(async () => {
    [ana, admin] = await Promise.all([actorOf("ana"), actorOf("admin")]);
  });

  it("two saves from the same version: the first wins, the second gets a ConflictError with its values", async () => {
    const f = await newCanvas(0);
    const race = await raceAtCanvasLock(
      () => saveCanvas(ana, canvasInput(f.vbuId, 1, "Ana's product")),
      () => saveCanvas(admin, canvasInput(f.vbuId, 1, "Admin's product")),
    );
    const reason = firstWon(race);
    expect(race.first).toEqual({ status: "fulfilled", value: { version: 2 } });
    expect(reason).toBeInstanceOf(ConflictError);
    expect((reason as ConflictError<{ version: number; values: { productName: string } }>).latest).toMatchObject({
      version: 2,
      values: { productName: "Ana's product", primaryFocus: "Ana's product focus" },
    });
    expect(await canvasRow(f.canvasId)).toMatchObject({
      productName: "Ana's product",
      primaryFocus: "Ana's product focus",
      version: 2,
      updatedBy: ana.id,
    });
  });

  it("two reorders from the same order: the first wins, the second gets a ConflictError, orders stay 1..n", async () => {
    const f = await newCanvas(5);
    const ids = f.thesisIds;
    const [reversed, rotated] = [[...ids].reverse(), [...ids.slice(1), ids[0]!]];
    const race = await raceAtCanvasLock(
      () => reorderTheses(ana, order(f.vbuId, ids, reversed)),
      () => reorderTheses(admin, order(f.vbuId, ids, rotated)),
    );
    const reason = firstWon(race);
    expect(reason).toBeInstanceOf(ConflictError);
    expect((reason as ConflictError<{ order: string[] }>).latest).toEqual({ order: reversed });
    const rows = await thesesOf(f.canvasId);
    expect(rows.map((t) => t.order)).toEqual([1, 2, 3, 4, 5]);
    expect(rows.map((t) => t.id)).toEqual(reversed);
  });

  it("two adds to a canvas of four theses: the first is added, the second gets TOO_MANY_THESES", async () => {
    const f = await newCanvas(4);
    const race = await raceAtCanvasLock(
      () => addThesis(ana, { vbuId: f.vbuId, text: "Fifth by Ana" }),
      () => addThesis(admin, { vbuId: f.vbuId, text: "Sixth by admin" }),
    );
    const reason = firstWon(race);
    expect(reason).toBeInstanceOf(UserFacingError);
    expect((reason as UserFacingError).message).toBe(TOO_MANY_THESES);
    const rows = await thesesOf(f.canvasId);
    expect(rows.map((t) => [t.order, t.text])).toEqual([
      [1, "Thesis 1"],
      [2, "Thesis 2"],
      [3, "Thesis 3"],
      [4, "Thesis 4"],
      [5, "Fifth by Ana"],
    ]);
  });

  describe("a thesis deleted while someone points the canvas at it or at its proof point: the pointer never dangles", () => {
    const targets = {
      "the thesis": (f: { thesisIds: string[] }) => `thesis:${f.thesisIds[1]!}`,
      "its proof point": (f: { pointIds: string[][] }) => `proof_point:${f.pointIds[1]![1]!}`,
    };
    for (const [what, target] of Object.entries(targets)) {
      it(`deleted first: pointing at ${what} is refused and the old pointer stands`, async () => {
        const f = await newCanvas(3, 2);
        const [kept, doomed] = f.thesisIds as [string, string];
        await pointAtTarget(ana, f.vbuId, `thesis:${kept}`);
        const race = await raceAtCanvasLock(
          () => deleteThesis(admin, { vbuId: f.vbuId, thesisId: doomed }),
          () => pointAtTarget(ana, f.vbuId, target(f)),
        );
        const reason = firstWon(race);
        expect(reason).toBeInstanceOf(UserFacingError);
        expect((reason as UserFacingError).fieldErrors).toEqual({
          target: ["Choose a thesis or a proof point of this canvas."],
        });
        expect(await canvasRow(f.canvasId)).toMatchObject({ currentlyTestingType: "thesis", currentlyTestingId: kept });
        await assertPointerValid(f.canvasId);
        expect((await thesesOf(f.canvasId)).map((t) => t.order)).toEqual([1, 2]);
      });

      it(`pointed first: the delete of ${what === "the thesis" ? "it" : "its thesis"} clears the pointer`, async () => {
        const f = await newCanvas(3, 2);
        const [kept, doomed] = f.thesisIds as [string, string];
        await pointAtTarget(ana, f.vbuId, `thesis:${kept}`);
        const race = await raceAtCanvasLock(
          () => pointAtTarget(ana, f.vbuId, target(f)),
          () => deleteThesis(admin, { vbuId: f.vbuId, thesisId: doomed }),
        );
        bothWent(race);
        expect(await canvasRow(f.canvasId)).toMatchObject({ currentlyTestingType: null, currentlyTestingId: null });
        await assertPointerValid(f.canvasId);
        expect((await thesesOf(f.canvasId)).map((t) => t.order)).toEqual([1, 2]);
      });
    }
  });

  it("two deletes of different theses at once leave the rest numbered 1..n", async () => {
    const f = await newCanvas(5);
    const race = await raceAtCanvasLock(
      () => deleteThesis(ana, { vbuId: f.vbuId, thesisId: f.thesisIds[1]! }),
      () => deleteThesis(admin, { vbuId: f.vbuId, thesisId: f.thesisIds[3]! }),
    );
    bothWent(race);
    const rows = await thesesOf(f.canvasId);
    expect(rows.map((t) => [t.id, t.order])).toEqual([
      [f.thesisIds[0], 1],
      [f.thesisIds[2], 2],
      [f.thesisIds[4], 3],
    ]);
  });

  it("two edits of one thesis from the same text: the first wins, the second gets a ConflictError", async () => {
    const f = await newCanvas(1);
    const previous = thesisFingerprint({ text: "Thesis 1" });
    const edit = (actor: Actor, text: string) =>
      editThesis(actor, { vbuId: f.vbuId, thesisId: f.thesisIds[0]!, text, previous });
    const race = await raceAtCanvasLock(
      () => edit(ana, "Ana's text"),
      () => edit(admin, "Admin's text"),
    );
    const reason = firstWon(race);
    expect(reason).toBeInstanceOf(ConflictError);
    expect((reason as ConflictError<{ text: string }>).latest.text).toBe("Ana's text");
    expect((await thesesOf(f.canvasId))[0]!.text).toBe("Ana's text");
  });
});
