// Two writes to one canvas at the same moment each leave their own, correct entry: who made it,
// and the values before and after as that write saw them (the second, which waited for the
// first's canvas lock, records the first's result as its "before"). PostgreSQL only: PGlite has
// one connection. The race is forced (tests/support/races.ts), not hoped for. The trends' deltas
// the entries add to (drizzle/0014) count both.
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { changeHistory, proofPoints } from "../../db/schema";
import type { Actor } from "../../lib/auth/roles";
import { proofPointFingerprint } from "../../lib/canvas/fingerprint";
import { editProofPointSchema } from "../../lib/canvas/schemas";
import { editProofPoint } from "../../lib/canvas/write";
import { insertCanvas, numberedTheses, raceAtCanvasLock, setProofPointStatus } from "../canvas/support";
import { useSeededAppDatabase } from "../support/app-database";
import { queryRows } from "../support/database";
import { actorOf } from "../support/session";

describe("the change history under concurrent writes on postgres", () => {
  useSeededAppDatabase("postgres");
  let ana: Actor;
  let admin: Actor;
  beforeAll(async () => {
    [ana, admin] = await Promise.all([actorOf("ana"), actorOf("admin")]);
  });

  it("two status changes to two proof points of one canvas: two entries, each with its author and values", async () => {
    const canvas = await insertCanvas({ gm: "ana", theses: numberedTheses(1, 2) });
    const [first, second] = canvas.pointIds[0]!;
    const race = await raceAtCanvasLock(
      () => setProofPointStatus(ana, canvas.vbuId, first!, "observed"),
      () => setProofPointStatus(admin, canvas.vbuId, second!, "stalled"),
    );
    expect([race.first.status, race.second.status]).toEqual(["fulfilled", "fulfilled"]);
    expect(race.secondWaited).toBe(true);
    const entries = await getDb()
      .select({
        actorName: changeHistory.actorName,
        subjectId: changeHistory.subjectId,
        changes: changeHistory.changes,
      })
      .from(changeHistory)
      .where(and(eq(changeHistory.action, "changed"), inArray(changeHistory.subjectId, [first!, second!])))
      .orderBy(asc(changeHistory.id));
    expect(entries).toEqual([
      { actorName: "Ana Silva", subjectId: first, changes: { status: ["not_started", "observed"] } },
      { actorName: "Morgan Ellis", subjectId: second, changes: { status: ["not_started", "stalled"] } },
    ]);
    // The trends' deltas of both (drizzle/0014), added to the same rows of the VBU's month.
    const totals = await queryRows<{ value: string; n: number }>(
      getDb(),
      sql`SELECT value, sum(delta)::int AS n FROM trend_deltas
          WHERE vbu_id = ${canvas.vbuId} AND field = 'status' GROUP BY value HAVING sum(delta) <> 0 ORDER BY value`,
    );
    expect(totals).toEqual([
      { value: "observed", n: 1 },
      { value: "stalled", n: 1 },
    ]);
  });

  it("two changes to one proof point, one after the other's lock: the second records the first's result as before", async () => {
    const canvas = await insertCanvas({ gm: "ana", theses: numberedTheses(1, 1) });
    const point = canvas.pointIds[0]![0]!;
    // Both read the same fingerprint: the second is refused as a conflict, and records nothing.
    const [row] = await getDb().select().from(proofPoints).where(eq(proofPoints.id, point));
    const input = (status: string) =>
      editProofPointSchema.parse({
        vbuId: canvas.vbuId,
        proofPointId: point,
        description: "Proof 1.1",
        status,
        evidenceNote: "",
        targetReviewMonth: "",
        previous: proofPointFingerprint(row!),
      });
    const race = await raceAtCanvasLock(
      () => editProofPoint(ana, input("in_progress")),
      () => editProofPoint(admin, input("stalled")),
    );
    expect([race.first.status, race.second.status]).toEqual(["fulfilled", "rejected"]);
    expect(race.secondWaited).toBe(true);
    const entries = await getDb()
      .select({ actorName: changeHistory.actorName, changes: changeHistory.changes })
      .from(changeHistory)
      .where(and(eq(changeHistory.action, "changed"), eq(changeHistory.subjectId, point)));
    expect(entries).toEqual([{ actorName: "Ana Silva", changes: { status: ["not_started", "in_progress"] } }]);
    // And a change made after it, from what it saved, records that as its "before".
    await setProofPointStatus(admin, canvas.vbuId, point, "observed");
    const last = await getDb()
      .select({ changes: changeHistory.changes })
      .from(changeHistory)
      .where(and(eq(changeHistory.action, "changed"), eq(changeHistory.subjectId, point)))
      .orderBy(asc(changeHistory.id));
    expect(last.at(-1)).toEqual({ changes: { status: ["in_progress", "observed"] } });
  });
});
