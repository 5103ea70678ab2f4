// The trends' deltas (drizzle/0013, 0014): kept by the database as the history is written, they
// must always add up to the portfolio as it is. Here, on both engines: the demo seed's year of
// history, then every kind of write that moves a count, made through the app's lib/ functions,
// leave each VBU's deltas summing to its proof points by status and its lane; a deleted VBU's
// to nothing; a key whose history starts after it did counts from its first entry; and the
// migration's fill from an existing history equals what the trigger wrote.
import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { appliedMigrations, migrateUp, rollbackLatest } from "../../db/migrate";
import { canvases } from "../../db/schema";
import { deleteVbu } from "../../lib/admin/vbus";
import type { Actor } from "../../lib/auth/roles";
import { addProofPointSchema, moveLaneSchema } from "../../lib/canvas/schemas";
import { addProofPoint, deleteProofPoint, deleteThesis, moveVbuToLane } from "../../lib/canvas/write";
import { insertCanvas, numberedTheses, setProofPointStatus } from "../canvas/support";
import { useSeededAppDatabase } from "../support/app-database";
import { ENGINES, queryRows } from "../support/database";
import { actorOf } from "../support/session";
import { historyOf, insertEntries } from "./support";

/** "vbu field value count" for every non-zero sum of a VBU's deltas, sorted. */
async function deltaTotals(vbuIds?: string[]): Promise<string[]> {
  const rows = await queryRows<{ vbu_id: string; field: string; value: string; n: number }>(
    getDb(),
    sql`SELECT vbu_id, field, value, sum(delta)::int AS n FROM trend_deltas
        ${vbuIds ? sql`WHERE vbu_id IN ${vbuIds}` : sql``}
        GROUP BY vbu_id, field, value HAVING sum(delta) <> 0`,
  );
  return rows.map((r) => `${r.vbu_id} ${r.field} ${r.value} ${r.n}`).sort();
}

/** The same, counted from the canvases as they are now. */
async function liveTotals(vbuIds?: string[]): Promise<string[]> {
  const only = (column: string) => (vbuIds ? sql`WHERE ${sql.raw(column)} IN ${vbuIds}` : sql``);
  const rows = await queryRows<{ vbu_id: string; field: string; value: string; n: number }>(
    getDb(),
    sql`SELECT c.vbu_id, 'status' AS field, p.status::text AS value, count(*)::int AS n
        FROM proof_points p JOIN theses t ON t.id = p.thesis_id JOIN canvases c ON c.id = t.canvas_id
        ${only("c.vbu_id")}
        GROUP BY c.vbu_id, p.status
        UNION ALL
        SELECT c.vbu_id, 'lifecycle_lane', c.lifecycle_lane::text, 1 FROM canvases c ${only("c.vbu_id")}`,
  );
  return rows.map((r) => `${r.vbu_id} ${r.field} ${r.value} ${r.n}`).sort();
}

describe.each(ENGINES)("the trends' deltas on %s", (engine) => {
  const database = useSeededAppDatabase(engine);
  let ana: Actor;
  let admin: Actor;
  beforeAll(async () => {
    [ana, admin] = await Promise.all([actorOf("ana"), actorOf("admin")]);
  });

  it("add up to every seeded VBU's proof points by status and its lane, after a year of history", async () => {
    const live = await liveTotals();
    expect(live.length).toBeGreaterThan(24);
    expect(await deltaTotals()).toEqual(live);
  });

  it("follow every write that moves a count: status changes, added and deleted proof points, a thesis deleted with its points, lane moves", async () => {
    const canvas = await insertCanvas({ gm: "ana", values: { lifecycleLane: "build" }, theses: numberedTheses(3, 2) });
    const [first, second] = canvas.pointIds[0]!;
    await setProofPointStatus(ana, canvas.vbuId, first!, "in_progress");
    await setProofPointStatus(ana, canvas.vbuId, first!, "observed");
    await setProofPointStatus(ana, canvas.vbuId, second!, "stalled");
    const added = await addProofPoint(
      ana,
      addProofPointSchema.parse({
        vbuId: canvas.vbuId,
        thesisId: canvas.thesisIds[1]!,
        description: "Three renewals without a discount",
        status: "in_progress",
        evidenceNote: "",
        targetReviewMonth: "",
      }),
    );
    await deleteProofPoint(ana, { vbuId: canvas.vbuId, proofPointId: canvas.pointIds[1]![0]! });
    await deleteThesis(ana, { vbuId: canvas.vbuId, thesisId: canvas.thesisIds[2]! });
    for (const lane of ["sell", "milk"] as const) {
      const [row] = await getDb()
        .select({ version: canvases.version })
        .from(canvases)
        .where(eq(canvases.vbuId, canvas.vbuId));
      await moveVbuToLane(admin, moveLaneSchema.parse({ vbuId: canvas.vbuId, lane, version: String(row!.version) }));
    }

    expect(added.id).toBeTruthy();
    expect(await deltaTotals([canvas.vbuId])).toEqual(await liveTotals([canvas.vbuId]));
    expect(await deltaTotals([canvas.vbuId])).toEqual(
      [
        `${canvas.vbuId} lifecycle_lane milk 1`,
        `${canvas.vbuId} status in_progress 1`, // the one added
        `${canvas.vbuId} status not_started 1`, // thesis 2's second point
        `${canvas.vbuId} status observed 1`,
        `${canvas.vbuId} status stalled 1`,
      ].sort(),
    );
    // Everything else is as it was.
    expect(await deltaTotals()).toEqual(await liveTotals());
  });

  it("leave a deleted VBU at nothing, and the rest of the portfolio as it is", async () => {
    const canvas = await insertCanvas({ gm: "ana", values: { lifecycleLane: "sell" }, theses: numberedTheses(2, 3) });
    await setProofPointStatus(ana, canvas.vbuId, canvas.pointIds[0]![0]!, "observed");
    expect(await deltaTotals([canvas.vbuId])).toHaveLength(3);
    await deleteVbu(admin, canvas.vbuId);
    expect(await deltaTotals([canvas.vbuId])).toEqual([]);
    expect(await deltaTotals()).toEqual(await liveTotals());
  });

  it("count a key whose history starts after it did (rows older than the history) from its first entry", async () => {
    const vbu = historyOf();
    const point = randomUUID();
    // Its first entry is a change, from a status it was never counted in: only the new one counts.
    await insertEntries([
      vbu.statusChanged(point, "2025-03-10T09:00:00Z", "not_started", "in_progress"),
      vbu.statusChanged(point, "2025-04-10T09:00:00Z", "in_progress", "observed"),
    ]);
    expect(await deltaTotals([vbu.vbuId])).toEqual([`${vbu.vbuId} status observed 1`]);
    const months = await queryRows<{ month: string; value: string; delta: number }>(
      getDb(),
      sql`SELECT month::text, value, delta FROM trend_deltas WHERE vbu_id = ${vbu.vbuId} ORDER BY month, value`,
    );
    expect(months).toEqual([
      { month: "2025-03-01", value: "in_progress", delta: 1 },
      { month: "2025-04-01", value: "in_progress", delta: -1 },
      { month: "2025-04-01", value: "observed", delta: 1 },
    ]);
  });

  it("are filled from an existing history by the migration exactly as the trigger wrote them", async () => {
    const db = database.current().db;
    const written = await queryRows<Record<string, unknown>>(
      db,
      sql`SELECT field, vbu_id, month::text, value, delta FROM trend_deltas WHERE delta <> 0 ORDER BY 1, 2, 3, 4`,
    );
    expect(written.length).toBeGreaterThan(50);
    const tags = ["0013_trend_deltas", "0014_trend_delta_trigger"];
    // Back to before 0013 (and whatever came after it), then up again.
    while ((await appliedMigrations(db)).includes(tags[0]!)) await rollbackLatest(db);
    expect(await migrateUp(db)).toEqual(expect.arrayContaining(tags));
    const filled = await queryRows<Record<string, unknown>>(
      db,
      sql`SELECT field, vbu_id, month::text, value, delta FROM trend_deltas WHERE delta <> 0 ORDER BY 1, 2, 3, 4`,
    );
    expect(filled).toEqual(written);
  });
});
