// Races on one canvas, on the real PostgreSQL server only (PGlite has one connection, so
// nothing there runs concurrently). The app's one postgres.js pool (10 connections) gives each
// operation fired at once its own connection and transaction; each race runs several times so
// that the interleavings that matter are likely to happen.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { proofPoints, theses } from "../../db/schema";
import { seedDemo } from "../../db/seed";
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
import { useAppDatabase } from "../support/app-database";
import { canvasRow, insertCanvas, numberedTheses, thesesOf } from "./support";
import { actorOf } from "../support/session";

const ITERATIONS = 5;

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

/** The one fulfilled and the one rejected outcome of a two-way race, failing unless it is exactly that. */
function oneWinner<T>(outcomes: PromiseSettledResult<T>[]): { winner: number; loser: number; reason: unknown } {
  const winners = outcomes.flatMap((o, i) => (o.status === "fulfilled" ? [i] : []));
  expect(
    winners,
    JSON.stringify(outcomes.map((o) => (o.status === "rejected" ? String(o.reason) : "ok"))),
  ).toHaveLength(1);
  const loser = outcomes.findIndex((o) => o.status === "rejected");
  return { winner: winners[0]!, loser, reason: (outcomes[loser] as PromiseRejectedResult).reason };
}

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
  const database = useAppDatabase("postgres");
  let ana: Actor;
  let admin: Actor;
  beforeAll(async () => {
    await seedDemo(database.current().db);
    [ana, admin] = await Promise.all([actorOf("ana"), actorOf("admin")]);
  });

  it("two saves from the same version: one wins, the other gets a ConflictError with the winner's values", async () => {
    for (let i = 0; i < ITERATIONS; i++) {
      const f = await newCanvas(0);
      const names = ["Ana's product", "Admin's product"];
      const outcomes = await Promise.allSettled([
        saveCanvas(ana, canvasInput(f.vbuId, 1, names[0]!)),
        saveCanvas(admin, canvasInput(f.vbuId, 1, names[1]!)),
      ]);
      const { winner, reason } = oneWinner(outcomes);
      expect(reason).toBeInstanceOf(ConflictError);
      expect((reason as ConflictError<{ version: number; values: { productName: string } }>).latest).toMatchObject({
        version: 2,
        values: { productName: names[winner] },
      });
      expect(await canvasRow(f.canvasId)).toMatchObject({
        productName: names[winner],
        primaryFocus: `${names[winner]} focus`,
        version: 2,
        updatedBy: [ana, admin][winner]!.id,
      });
    }
  });

  it("two reorders from the same order: one wins, the other gets a ConflictError, orders stay 1..n", async () => {
    for (let i = 0; i < ITERATIONS; i++) {
      const f = await newCanvas(5);
      const ids = f.thesisIds;
      const wanted = [[...ids].reverse(), [...ids.slice(1), ids[0]!]];
      const outcomes = await Promise.allSettled([
        reorderTheses(ana, order(f.vbuId, ids, wanted[0]!)),
        reorderTheses(admin, order(f.vbuId, ids, wanted[1]!)),
      ]);
      const { winner, reason } = oneWinner(outcomes);
      expect(reason).toBeInstanceOf(ConflictError);
      const rows = await thesesOf(f.canvasId);
      expect(rows.map((t) => t.order)).toEqual([1, 2, 3, 4, 5]);
      expect(rows.map((t) => t.id)).toEqual(wanted[winner]);
    }
  });

  it("two adds to a canvas of four theses: exactly one is added, the other gets TOO_MANY_THESES", async () => {
    for (let i = 0; i < ITERATIONS; i++) {
      const f = await newCanvas(4);
      const outcomes = await Promise.allSettled([
        addThesis(ana, { vbuId: f.vbuId, text: "Fifth by Ana" }),
        addThesis(admin, { vbuId: f.vbuId, text: "Fifth by admin" }),
      ]);
      const { winner, reason } = oneWinner(outcomes);
      expect(reason).toBeInstanceOf(UserFacingError);
      expect((reason as UserFacingError).message).toBe(TOO_MANY_THESES);
      const rows = await thesesOf(f.canvasId);
      expect(rows.map((t) => t.order)).toEqual([1, 2, 3, 4, 5]);
      expect(rows[4]!.text).toBe(["Fifth by Ana", "Fifth by admin"][winner]);
    }
  });

  it("a thesis deleted while someone points the canvas at it: the pointer never dangles", async () => {
    for (let i = 0; i < ITERATIONS; i++) {
      const f = await newCanvas(3, 1);
      const [kept, doomed] = f.thesisIds as [string, string];
      await setCurrentlyTesting(ana, setCurrentlyTestingSchema.parse({ vbuId: f.vbuId, target: `thesis:${kept}` }));
      const [deleted, pointed] = await Promise.allSettled([
        deleteThesis(admin, { vbuId: f.vbuId, thesisId: doomed }),
        setCurrentlyTesting(ana, setCurrentlyTestingSchema.parse({ vbuId: f.vbuId, target: `thesis:${doomed}` })),
      ]);
      expect(deleted.status).toBe("fulfilled");
      const canvas = await canvasRow(f.canvasId);
      if (pointed.status === "fulfilled") {
        // Pointed first, then the delete cleared it.
        expect(canvas).toMatchObject({ currentlyTestingType: null, currentlyTestingId: null });
      } else {
        // Deleted first: pointing at it was refused and the old pointer stands.
        expect((pointed.reason as UserFacingError).fieldErrors).toHaveProperty("target");
        expect(canvas).toMatchObject({ currentlyTestingType: "thesis", currentlyTestingId: kept });
      }
      await assertPointerValid(f.canvasId);
      expect((await thesesOf(f.canvasId)).map((t) => t.order)).toEqual([1, 2]);
    }
  });

  it("a thesis deleted while someone points the canvas at its proof point: the pointer never dangles", async () => {
    for (let i = 0; i < ITERATIONS; i++) {
      const f = await newCanvas(2, 2);
      const [, doomed] = f.thesisIds as [string, string];
      const [deleted] = await Promise.allSettled([
        deleteThesis(ana, { vbuId: f.vbuId, thesisId: doomed }),
        setCurrentlyTesting(
          admin,
          setCurrentlyTestingSchema.parse({ vbuId: f.vbuId, target: `proof_point:${f.pointIds[1]![1]!}` }),
        ),
      ]);
      expect(deleted.status).toBe("fulfilled");
      await assertPointerValid(f.canvasId);
    }
  });

  it("two deletes of different theses at once leave the rest numbered 1..n", async () => {
    for (let i = 0; i < ITERATIONS; i++) {
      const f = await newCanvas(5);
      const outcomes = await Promise.allSettled([
        deleteThesis(ana, { vbuId: f.vbuId, thesisId: f.thesisIds[1]! }),
        deleteThesis(admin, { vbuId: f.vbuId, thesisId: f.thesisIds[3]! }),
      ]);
      expect(outcomes.map((o) => o.status)).toEqual(["fulfilled", "fulfilled"]);
      const rows = await thesesOf(f.canvasId);
      expect(rows.map((t) => [t.id, t.order])).toEqual([
        [f.thesisIds[0], 1],
        [f.thesisIds[2], 2],
        [f.thesisIds[4], 3],
      ]);
    }
  });

  it("two edits of one thesis from the same text: one wins, the other gets a ConflictError", async () => {
    for (let i = 0; i < ITERATIONS; i++) {
      const f = await newCanvas(1);
      const previous = thesisFingerprint({ text: "Thesis 1" });
      const texts = ["Ana's text", "Admin's text"];
      const outcomes = await Promise.allSettled([
        editThesis(ana, { vbuId: f.vbuId, thesisId: f.thesisIds[0]!, text: texts[0]!, previous }),
        editThesis(admin, { vbuId: f.vbuId, thesisId: f.thesisIds[0]!, text: texts[1]!, previous }),
      ]);
      const { winner, reason } = oneWinner(outcomes);
      expect(reason).toBeInstanceOf(ConflictError);
      expect((reason as ConflictError<{ text: string }>).latest.text).toBe(texts[winner]);
      expect((await thesesOf(f.canvasId))[0]!.text).toBe(texts[winner]);
    }
  });
});
