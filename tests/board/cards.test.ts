// The board's cards (drizzle/0015, 0016): kept by the database as canvases change, they must
// always equal a count from scratch. Here, on both engines: the demo seed, then every kind of write
// that moves a card, made through the app's lib/ functions; then, on PostgreSQL, concurrent
// writes, through the app and around its canvas lock; and the migration's fill.
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { appliedMigrations, migrateUp, rollbackLatest } from "../../db/migrate";
import { canvases, proofPoints } from "../../db/schema";
import { createVbu, deleteVbu, reassignGm, renameVbu } from "../../lib/admin/vbus";
import { createVbuSchema, reassignGmSchema, renameVbuSchema } from "../../lib/admin/vbu-schemas";
import type { Actor } from "../../lib/auth/roles";
import { addProofPointSchema, addThesisSchema, moveLaneSchema, saveCanvasSchema } from "../../lib/canvas/schemas";
import {
  addProofPoint,
  addThesis,
  deleteProofPoint,
  deleteThesis,
  moveVbuToLane,
  saveCanvas,
} from "../../lib/canvas/write";
import { insertCanvas, numberedTheses, raceAtCanvasLock, setProofPointStatus } from "../canvas/support";
import { useSeededAppDatabase } from "../support/app-database";
import { ENGINES, queryRows } from "../support/database";
import { actorOf } from "../support/session";

type Card = Record<string, unknown>;

const CARD_COLUMNS = sql.raw(
  "canvas_id, vbu_id, lane::text, name, gm_id, not_started, in_progress, observed, stalled, open_from::text, open_months::text",
);

/** The cards as the triggers keep them, by canvas. */
const storedCards = (db = getDb()) =>
  queryRows<Card>(db, sql`SELECT ${CARD_COLUMNS} FROM board_cards ORDER BY canvas_id`);

/** The cards counted from scratch, from the canvases, their VBUs and their proof points as they are. */
const countedCards = (db = getDb()) =>
  queryRows<Card>(
    db,
    sql`SELECT ${CARD_COLUMNS} FROM (
          SELECT c.id AS canvas_id, c.vbu_id, c.lifecycle_lane AS lane, v.name, v.gm_id,
                 count(*) FILTER (WHERE p.status = 'not_started')::int AS not_started,
                 count(*) FILTER (WHERE p.status = 'in_progress')::int AS in_progress,
                 count(*) FILTER (WHERE p.status = 'observed')::int AS observed,
                 count(*) FILTER (WHERE p.status = 'stalled')::int AS stalled,
                 min(p.target_review_month) FILTER (WHERE p.status <> 'observed') AS open_from,
                 coalesce(array_agg(p.target_review_month ORDER BY p.target_review_month)
                   FILTER (WHERE p.status <> 'observed' AND p.target_review_month IS NOT NULL), '{}') AS open_months
          FROM canvases c JOIN vbus v ON v.id = c.vbu_id
          LEFT JOIN theses t ON t.canvas_id = c.id LEFT JOIN proof_points p ON p.thesis_id = t.id
          GROUP BY c.id, v.id) AS counted
        ORDER BY canvas_id`,
  );

async function expectCardsCounted(): Promise<void> {
  const counted = await countedCards();
  expect(counted.length).toBeGreaterThan(0);
  expect(await storedCards()).toEqual(counted);
}

/** The one card of a VBU, as stored. */
async function cardOf(vbuId: string): Promise<Card | undefined> {
  const rows = await queryRows<Card>(getDb(), sql`SELECT ${CARD_COLUMNS} FROM board_cards WHERE vbu_id = ${vbuId}`);
  return rows[0];
}

const versionOf = async (vbuId: string) =>
  String((await getDb().select({ v: canvases.version }).from(canvases).where(eq(canvases.vbuId, vbuId)))[0]!.v);

describe.each(ENGINES)("the board's cards on %s", (engine) => {
  const database = useSeededAppDatabase(engine);
  let ana: Actor;
  let admin: Actor;
  beforeAll(async () => {
    [ana, admin] = await Promise.all([actorOf("ana"), actorOf("admin")]);
  });

  it("equal a count from scratch for every seeded canvas", async () => {
    await expectCardsCounted();
  });

  it("follow proof points added, edited (status, review month), deleted, and a thesis deleted with its points", async () => {
    const canvas = await insertCanvas({ gm: "ana", values: { lifecycleLane: "build" }, theses: numberedTheses(3, 2) });
    expect(await cardOf(canvas.vbuId)).toMatchObject({ not_started: 6, in_progress: 0, open_from: null });

    const [first, second] = canvas.pointIds[0]!;
    await setProofPointStatus(ana, canvas.vbuId, first!, "in_progress", "2030-04");
    await setProofPointStatus(ana, canvas.vbuId, second!, "stalled", "2030-02");
    expect(await cardOf(canvas.vbuId)).toMatchObject({
      not_started: 4,
      in_progress: 1,
      stalled: 1,
      open_from: "2030-02-01",
    });
    // Observed points are never overdue: the earliest open month moves on.
    await setProofPointStatus(ana, canvas.vbuId, second!, "observed");
    expect(await cardOf(canvas.vbuId)).toMatchObject({ observed: 1, stalled: 0, open_from: "2030-04-01" });

    const thesis = await addThesis(ana, addThesisSchema.parse({ vbuId: canvas.vbuId, text: "A fourth thesis" }));
    const added = await addProofPoint(
      ana,
      addProofPointSchema.parse({
        vbuId: canvas.vbuId,
        thesisId: thesis.id,
        description: "Three renewals without a discount",
        status: "in_progress",
        evidenceNote: "",
        targetReviewMonth: "2029-11",
      }),
    );
    expect(await cardOf(canvas.vbuId)).toMatchObject({
      in_progress: 2,
      open_from: "2029-11-01",
      open_months: "{2029-11-01,2030-04-01}",
    });
    await deleteProofPoint(ana, { vbuId: canvas.vbuId, proofPointId: added.id });
    expect(await cardOf(canvas.vbuId)).toMatchObject({ in_progress: 1, open_from: "2030-04-01" });
    await deleteThesis(ana, { vbuId: canvas.vbuId, thesisId: canvas.thesisIds[0]! });
    expect(await cardOf(canvas.vbuId)).toMatchObject({
      not_started: 4,
      in_progress: 0,
      observed: 0,
      stalled: 0,
      open_from: null,
    });
    for (const thesisId of canvas.thesisIds.slice(1)) await deleteThesis(ana, { vbuId: canvas.vbuId, thesisId });
    expect(await cardOf(canvas.vbuId)).toMatchObject({ not_started: 0, in_progress: 0, open_from: null });
    await expectCardsCounted();
  });

  it("follow lane moves (the board's and the canvas form's), a rename, a new GM, a new VBU and a deleted one", async () => {
    const canvas = await insertCanvas({ gm: "ana", values: { lifecycleLane: "build" }, theses: numberedTheses(1, 1) });
    await moveVbuToLane(
      admin,
      moveLaneSchema.parse({ vbuId: canvas.vbuId, lane: "milk", version: await versionOf(canvas.vbuId) }),
    );
    expect(await cardOf(canvas.vbuId)).toMatchObject({ lane: "milk" });
    await saveCanvas(
      ana,
      saveCanvasSchema.parse({
        vbuId: canvas.vbuId,
        version: await versionOf(canvas.vbuId),
        productName: "Renamed product",
        lifecycleLane: "reframe",
        successDescription: "",
        futureStateIntent: "",
        primaryFocus: "",
        resistDoing: "",
        goodDiscipline: "",
        primaryConstraint: "",
      }),
    );
    expect(await cardOf(canvas.vbuId)).toMatchObject({ lane: "reframe" });

    await renameVbu(admin, renameVbuSchema.parse({ vbuId: canvas.vbuId, name: "Zephyr Analytics" }));
    const ben = await actorOf("ben");
    await reassignGm(admin, reassignGmSchema.parse({ vbuId: canvas.vbuId, gmId: ben.id }));
    expect(await cardOf(canvas.vbuId)).toMatchObject({ name: "Zephyr Analytics", gm_id: ben.id });

    const created = await createVbu(
      admin,
      createVbuSchema.parse({ name: "Brand new VBU", gmId: ana.id, lane: "sell" }),
    );
    expect(await cardOf(created.id)).toMatchObject({
      lane: "sell",
      name: "Brand new VBU",
      gm_id: ana.id,
      not_started: 0,
    });

    await deleteVbu(admin, canvas.vbuId);
    expect(await cardOf(canvas.vbuId)).toBeUndefined();
    await expectCardsCounted();
  });

  it("are filled by the migration exactly as the triggers kept them", async () => {
    const db = database.current().db;
    const kept = await storedCards(db);
    expect(kept.length).toBeGreaterThan(5);
    const tags = ["0015_board_cards", "0016_board_card_triggers"];
    while ((await appliedMigrations(db)).includes(tags[0]!)) await rollbackLatest(db);
    expect(await migrateUp(db)).toEqual(expect.arrayContaining(tags));
    expect(await storedCards(db)).toEqual(kept);
  });
});

describe("the board's cards under concurrent writes on postgres", () => {
  useSeededAppDatabase("postgres");
  let ana: Actor;
  let admin: Actor;
  beforeAll(async () => {
    [ana, admin] = await Promise.all([actorOf("ana"), actorOf("admin")]);
  });

  it("two status changes to one canvas through the app, the second waiting for the first: both counted", async () => {
    const canvas = await insertCanvas({ gm: "ana", theses: numberedTheses(1, 2) });
    const [first, second] = canvas.pointIds[0]!;
    const race = await raceAtCanvasLock(
      () => setProofPointStatus(ana, canvas.vbuId, first!, "observed"),
      () => setProofPointStatus(admin, canvas.vbuId, second!, "stalled"),
    );
    expect([race.first.status, race.second.status]).toEqual(["fulfilled", "fulfilled"]);
    expect(await cardOf(canvas.vbuId)).toMatchObject({ not_started: 0, observed: 1, stalled: 1 });
    await expectCardsCounted();
  });

  it("two writers around the app's canvas lock (a script, a migration): the second's recount waits for the first's and sees it", async () => {
    const canvas = await insertCanvas({ gm: "ana", theses: numberedTheses(2, 2) });
    const [first, second] = canvas.pointIds[0]!;
    const db = getDb();
    let releaseFirst!: () => void;
    const firstMayCommit = new Promise<void>((resolve) => (releaseFirst = resolve));
    let firstBackend = 0;
    let firstUpdated!: () => void;
    const firstHasUpdated = new Promise<void>((resolve) => (firstUpdated = resolve));
    const asSystem = sql`SELECT set_config('canvas.actor', 'system:tests', true)`;

    const firstWrite = db.transaction(async (tx) => {
      await tx.execute(asSystem);
      firstBackend = (await queryRows<{ pid: number }>(tx, sql`SELECT pg_backend_pid() AS pid`))[0]!.pid;
      await tx.update(proofPoints).set({ status: "observed" }).where(eq(proofPoints.id, first!));
      firstUpdated();
      await firstMayCommit;
    });
    await firstHasUpdated;
    // The second changes another proof point of the canvas: no row of its own is locked by the
    // first, only the card its recount locks.
    const secondWrite = db.transaction(async (tx) => {
      await tx.execute(asSystem);
      await tx
        .update(proofPoints)
        .set({ status: "stalled", targetReviewMonth: "2031-01-01" })
        .where(eq(proofPoints.id, second!));
    });
    let secondEnded = false;
    void secondWrite.finally(() => (secondEnded = true)).catch(() => {});
    let blocked = false;
    while (!blocked && !secondEnded) {
      const [row] = await queryRows<{ n: number }>(
        db,
        sql`SELECT count(*)::int AS n FROM pg_stat_activity WHERE ${firstBackend}::int = ANY (pg_blocking_pids(pid))`,
      );
      blocked = row!.n > 0;
    }
    expect(blocked, "the second write waited for the first's card").toBe(true);
    releaseFirst();
    await Promise.all([firstWrite, secondWrite]);

    expect(await cardOf(canvas.vbuId)).toMatchObject({
      not_started: 2,
      observed: 1,
      stalled: 1,
      open_from: "2031-01-01",
    });
    await expectCardsCounted();
  });
});
