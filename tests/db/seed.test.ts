import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_USERS, DEMO_VBUS, isEmpty, seedDemo } from "../../db/seed";
import { DEMO_HISTORY, REVIEWED_VBUS } from "../../db/seed-history";
import {
  attachments,
  canvases,
  changeHistory,
  lifecycleLane,
  monthlyReviews,
  proofPoints,
  proofPointStatus,
  theses,
  users,
  vbus,
} from "../../db/schema";
import { FilesystemStorage } from "../../lib/attachments/storage";
import { monthFromNow } from "../../lib/dates";
import { freezeCanvas } from "../../lib/reviews/freeze";
import { STALE_AFTER_DAYS } from "../../lib/history/vocabulary";
import type { ReviewSnapshot } from "../../lib/reviews/snapshot";
import { ENGINES, type TestDatabase, createTestDatabase } from "../support/database";

describe.each(ENGINES)("the demo seed on %s", (engine) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(engine);
    expect(await isEmpty(database.db)).toBe(true);
    await seedDemo(database.db);
  });
  afterAll(async () => {
    await database?.drop();
  });

  it("has an admin, three GMs and a viewer", async () => {
    const rows = await database.db.select({ role: users.role }).from(users);
    expect(rows.map((r) => r.role).sort()).toEqual(["admin", "gm", "gm", "gm", "viewer"]);
    expect(await isEmpty(database.db)).toBe(false);
  });

  it("spreads about a dozen VBUs over all four lanes, each GM owning some", async () => {
    const rows = await database.db
      .select({ lane: canvases.lifecycleLane, gm: users.email })
      .from(vbus)
      .innerJoin(canvases, eq(canvases.vbuId, vbus.id))
      .innerJoin(users, eq(users.id, vbus.gmId));
    expect(rows).toHaveLength(DEMO_VBUS.length);
    expect(rows.length).toBeGreaterThanOrEqual(10);
    expect(new Set(rows.map((r) => r.lane))).toEqual(new Set(lifecycleLane.enumValues));
    const gms = DEMO_USERS.filter((u) => u.role === "gm").map((u) => u.email);
    expect(new Set(rows.map((r) => r.gm))).toEqual(new Set(gms));
  });

  it("fills every canvas field, with 2 to 5 theses ordered from 1", async () => {
    const all = await database.db.query.canvases.findMany({ with: { theses: true } });
    for (const canvas of all) {
      for (const field of [
        canvas.productName,
        canvas.successDescription,
        canvas.futureStateIntent,
        canvas.primaryFocus,
        canvas.resistDoing,
        canvas.goodDiscipline,
        canvas.primaryConstraint,
      ]) {
        expect(field?.trim()).toBeTruthy();
      }
      expect(canvas.theses.length).toBeGreaterThanOrEqual(2);
      expect(canvas.theses.length).toBeLessThanOrEqual(5);
      expect(canvas.theses.map((t) => t.order).sort()).toEqual(canvas.theses.map((_, i) => i + 1));
    }
  });

  it("has proof points in every status, past and future review months", async () => {
    const rows = await database.db
      .select({ status: proofPoints.status, month: proofPoints.targetReviewMonth })
      .from(proofPoints);
    expect(new Set(rows.map((r) => r.status))).toEqual(new Set(proofPointStatus.enumValues));
    const thisMonth = monthFromNow(0);
    expect(rows.some((r) => r.month !== null && r.month < thisMonth && r.status !== "observed")).toBe(true);
    expect(rows.some((r) => r.month !== null && r.month > thisMonth)).toBe(true);
  });

  it("records each canvas's GM as who last changed it and who saved its version", async () => {
    const rows = await database.db
      .select({ gmId: vbus.gmId, updatedBy: canvases.updatedBy, versionSavedBy: canvases.versionSavedBy })
      .from(canvases)
      .innerJoin(vbus, eq(vbus.id, canvases.vbuId));
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row).toEqual({ gmId: row.gmId, updatedBy: row.gmId, versionSavedBy: row.gmId });
  });

  it("points every canvas at a thesis or proof point of its own", async () => {
    const all = await database.db.select().from(canvases);
    for (const canvas of all) {
      expect(canvas.currentlyTestingId).not.toBeNull();
      const ownTheses = await database.db.select({ id: theses.id }).from(theses).where(eq(theses.canvasId, canvas.id));
      const ownThesisIds = ownTheses.map((t) => t.id);
      if (canvas.currentlyTestingType === "thesis") {
        expect(ownThesisIds).toContain(canvas.currentlyTestingId);
      } else {
        const own = await database.db
          .select({ id: proofPoints.id })
          .from(proofPoints)
          .where(inArray(proofPoints.thesisId, ownThesisIds));
        expect(own.map((p) => p.id)).toContain(canvas.currentlyTestingId);
      }
    }
    expect(new Set(all.map((c) => c.currentlyTestingType))).toEqual(new Set(["thesis", "proof_point"]));
  });
});

describe.each(ENGINES)("the demo seed's monthly reviews on %s", (engine) => {
  let database: TestDatabase;
  let root: string;
  const now = new Date();
  beforeAll(async () => {
    database = await createTestDatabase(engine);
    root = await mkdtemp(join(tmpdir(), "canvas-seed-"));
    await seedDemo(database.db, { storage: new FilesystemStorage(root) });
  });
  afterAll(async () => {
    await database?.drop();
    if (root) await rm(root, { recursive: true, force: true });
  });

  async function reviewsOf(name: string) {
    return database.db
      .select({
        month: monthlyReviews.month,
        status: monthlyReviews.status,
        health: monthlyReviews.health,
        snapshot: monthlyReviews.snapshot,
        publishedAt: monthlyReviews.publishedAt,
        publishedBy: monthlyReviews.publishedBy,
        acknowledgedAt: monthlyReviews.acknowledgedAt,
        asks: monthlyReviews.asks,
        vbuId: vbus.id,
        gmId: vbus.gmId,
      })
      .from(monthlyReviews)
      .innerJoin(vbus, eq(vbus.id, monthlyReviews.vbuId))
      .where(eq(vbus.name, name))
      .orderBy(asc(monthlyReviews.month));
  }

  /** Each reviewed VBU's three snapshots, oldest first. */
  async function snapshots(): Promise<Map<string, ReviewSnapshot[]>> {
    const all = new Map<string, ReviewSnapshot[]>();
    for (const name of REVIEWED_VBUS) {
      const rows = await reviewsOf(name);
      all.set(
        name,
        rows.filter((r) => r.status === "published").map((r) => r.snapshot!),
      );
    }
    return all;
  }

  const pointsOf = (s: ReviewSnapshot) => s.theses.flatMap((t) => t.proofPoints);

  it("gives every VBU but two three published reviews, three months ago to last month, published a few days later", async () => {
    expect(REVIEWED_VBUS).toHaveLength(DEMO_VBUS.length - 2);
    const months = [monthFromNow(-3), monthFromNow(-2), monthFromNow(-1)];
    for (const name of REVIEWED_VBUS) {
      const published = (await reviewsOf(name)).filter((r) => r.status === "published");
      expect(published.map((r) => r.month)).toEqual(months);
      for (const review of published) {
        expect(review.snapshot).toMatchObject({ schema: 1, vbuName: name });
        expect(review.publishedAt!.getTime()).toBeLessThan(now.getTime());
        expect(review.publishedAt!.toISOString() > review.month).toBe(true);
      }
    }
    // Mosaic Media has none; Signal Telecom Billing only last month's draft.
    expect(await reviewsOf("Mosaic Media")).toEqual([]);
    expect((await reviewsOf("Signal Telecom Billing")).map((r) => [r.month, r.status])).toEqual([
      [monthFromNow(-1), "draft"],
    ]);
  });

  it("has this month's draft for Harbor Logistics", async () => {
    const drafts = await database.db
      .select({ name: vbus.name })
      .from(monthlyReviews)
      .innerJoin(vbus, eq(vbus.id, monthlyReviews.vbuId))
      .where(and(eq(monthlyReviews.month, monthFromNow(0)), eq(monthlyReviews.status, "draft")));
    expect(drafts).toEqual([{ name: "Harbor Logistics" }]);
  });

  it("mixes health calls, real asks, admin publishers, and leaves the admin a queue of unacknowledged reviews", async () => {
    const rows = (await Promise.all(REVIEWED_VBUS.map(reviewsOf))).flat().filter((r) => r.status === "published");
    expect(new Set(rows.map((r) => r.health))).toEqual(new Set(["on_track", "at_risk", "off_track"]));
    expect(rows.some((r) => /\(money\)/.test(r.asks!))).toBe(true);
    expect(rows.some((r) => /\(people\)/.test(r.asks!))).toBe(true);
    expect(rows.some((r) => r.publishedBy !== r.gmId)).toBe(true);
    expect(rows.filter((r) => r.publishedBy === r.gmId).length).toBeGreaterThan(rows.length / 2);
    const queue = await database.db
      .select({ month: monthlyReviews.month })
      .from(monthlyReviews)
      .where(and(eq(monthlyReviews.status, "published"), isNull(monthlyReviews.acknowledgedAt)));
    const lastMonth = rows.filter((r) => r.month === monthFromNow(-1));
    expect(queue.filter((r) => r.month === monthFromNow(-1)).length).toBeGreaterThan(lastMonth.length / 2);
    expect(rows.filter((r) => r.month === monthFromNow(-3)).every((r) => r.acknowledgedAt !== null)).toBe(true);
  });

  it("freezes real change between consecutive snapshots: status moves, a reorder, a lane move, new evidence", async () => {
    const all = await snapshots();
    let changed = 0;
    const seen = { status: false, reorder: false, lane: false, evidence: false, field: false, newPoint: false };
    for (const [, [a, b, c]] of all) {
      for (const [before, after] of [
        [a!, b!],
        [b!, c!],
      ] as const) {
        const { theses: t1, fields: f1, lane: l1, currentlyTesting: c1 } = before;
        const { theses: t2, fields: f2, lane: l2, currentlyTesting: c2 } = after;
        if (JSON.stringify([t1, f1, l1, c1]) !== JSON.stringify([t2, f2, l2, c2])) changed++;
        const p1 = new Map(pointsOf(before).map((p) => [p.id, p]));
        for (const point of pointsOf(after)) {
          const was = p1.get(point.id);
          if (was && was.status !== point.status) seen.status = true;
          if (!was) seen.newPoint = true;
          const files = new Set(was?.evidence.map((e) => e.id) ?? []);
          if (was && point.evidence.some((e) => !files.has(e.id))) seen.evidence = true;
        }
        const order1 = t1.map((t) => t.id).filter((id) => t2.some((t) => t.id === id));
        const order2 = t2.map((t) => t.id).filter((id) => t1.some((t) => t.id === id));
        if (order1.join() !== order2.join()) seen.reorder = true;
        if (l1 !== l2) seen.lane = true;
        if (JSON.stringify(f1) !== JSON.stringify(f2)) seen.field = true;
      }
    }
    expect(changed).toBe(2 * REVIEWED_VBUS.length);
    expect(seen).toEqual({ status: true, reorder: true, lane: true, evidence: true, field: true, newPoint: true });
  });

  it("shows the changes the history names: Harbor's reorder, Brightpath's lane move, Fieldnote's file", async () => {
    const all = await snapshots();
    const [h3, h2] = all.get("Harbor Logistics")!;
    expect(h3!.theses.map((t) => t.text.slice(0, 20))).toEqual([
      "Ports pay per berth ",
      "Planners accept auto",
      "Terminal operators s",
    ]);
    expect(h2!.theses.map((t) => t.id)).toEqual([h3!.theses[1]!.id, h3!.theses[0]!.id, h3!.theses[2]!.id]);
    const [b3, b2] = all.get("Brightpath Learning")!;
    expect([b3!.lane, b2!.lane]).toEqual(["build", "sell"]);
    const [f3, f2] = all.get("Fieldnote")!;
    expect(f3!.theses[0]!.proofPoints[0]!.evidence).toEqual([]);
    expect(f2!.theses[0]!.proofPoints[0]!.evidence).toEqual([
      { id: expect.any(String), filename: "pilot-report-times.csv", label: "Pilot report times" },
    ]);
    expect(f2!.theses[0]!.proofPoints[0]).toMatchObject({ status: "observed" });
    expect(f3!.theses[0]!.proofPoints[0]).toMatchObject({ status: "in_progress" });
  });

  it("ends at today's canvas: last month's snapshot is the live canvas, except Harbor's pilot, started since", async () => {
    const all = await snapshots();
    for (const [name, [, , last]] of all) {
      const [row] = await database.db.select({ id: vbus.id }).from(vbus).where(eq(vbus.name, name));
      const live = await freezeCanvas(database.db, row!.id, now);
      if (DEMO_HISTORY[name]!.was[0].length === 0) {
        expect(last, name).toEqual(live);
        continue;
      }
      expect(name).toBe("Harbor Logistics");
      const [snapshotPilot, livePilot] = [last!, live].map((s) => s.theses[0]!.proofPoints[0]!);
      expect(snapshotPilot).toEqual({ ...livePilot, status: "not_started", evidenceNote: null });
      const withoutPilot = (s: ReviewSnapshot) => ({ ...s, theses: s.theses.slice(1) });
      expect(withoutPilot(last!)).toEqual(withoutPilot(live));
      expect(last!.fields).toEqual(live.fields);
    }
  });

  it("writes every evidence file it names to the storage, under its row's path", async () => {
    const rows = await database.db
      .select({ filename: attachments.filename, path: attachments.storagePath, size: attachments.sizeBytes })
      .from(attachments);
    expect(rows.map((r) => r.filename).sort()).toEqual([
      "clinic-interviews.pdf",
      "council-minutes.pdf",
      "marketplace-listing.pdf",
      "match-rate-by-customer.csv",
      "migration-tickets.csv",
      "per-call-pricing-loi.pdf",
      "pilot-report-times.csv",
      "referral-pipeline.csv",
    ]);
    for (const row of rows) {
      const bytes = await readFile(join(root, ...row.path.split("/")));
      expect(bytes.byteLength).toBe(row.size);
      if (row.filename.endsWith(".pdf")) {
        expect(bytes.subarray(0, 8).toString()).toBe("%PDF-1.4");
        expect(bytes.toString().trimEnd().endsWith("%%EOF")).toBe(true);
      }
    }
  });

  it("writes the canvases today as DEMO_VBUS has them", async () => {
    for (const seed of DEMO_VBUS) {
      const [row] = await database.db
        .select({ lane: canvases.lifecycleLane, focus: canvases.primaryFocus, canvasId: canvases.id })
        .from(vbus)
        .innerJoin(canvases, eq(canvases.vbuId, vbus.id))
        .where(eq(vbus.name, seed.name));
      expect([row!.lane, row!.focus]).toEqual([seed.lane, seed.focus]);
      const live = await database.db
        .select({ text: theses.text, order: theses.order })
        .from(theses)
        .where(eq(theses.canvasId, row!.canvasId))
        .orderBy(asc(theses.order));
      expect(live.map((t) => t.text)).toEqual(seed.theses.map(([text]) => text));
      const points = await database.db
        .select({ description: proofPoints.description, status: proofPoints.status })
        .from(proofPoints)
        .innerJoin(theses, eq(theses.id, proofPoints.thesisId))
        .where(eq(theses.canvasId, row!.canvasId))
        .orderBy(asc(theses.order), asc(proofPoints.createdAt), asc(proofPoints.addedSeq));
      expect(points).toEqual(
        seed.theses.flatMap(([, pts]) => pts.map(([description, status]) => ({ description, status }))),
      );
    }
  });
});

describe.each(ENGINES)("the demo seed's year of change history on %s", (engine) => {
  let database: TestDatabase;
  let root: string;
  let entries: (typeof changeHistory.$inferSelect)[];
  let people: Map<string, string>;
  const now = new Date();
  const DAY = 24 * 60 * 60 * 1000;
  beforeAll(async () => {
    database = await createTestDatabase(engine);
    root = await mkdtemp(join(tmpdir(), "canvas-seed-"));
    await seedDemo(database.db, { storage: new FilesystemStorage(root) });
    entries = await database.db.select().from(changeHistory).orderBy(asc(changeHistory.id));
    const rows = await database.db.select({ id: users.id, email: users.email }).from(users);
    people = new Map(rows.map((r) => [DEMO_USERS.find((u) => u.email === r.email)!.key, r.id]));
  });
  afterAll(async () => {
    await database?.drop();
    if (root) await rm(root, { recursive: true, force: true });
  });

  const month = (at: Date) => at.toISOString().slice(0, 7);
  const laneMoves = () =>
    entries.filter((e) => e.subject === "canvas" && e.action === "changed" && e.changes.lifecycle_lane);
  const statusChanges = () =>
    entries.filter((e) => e.subject === "proof_point" && e.action === "changed" && e.changes.status);

  it("spans the last year: the VBUs created twelve months ago, nothing dated after now", async () => {
    const first = entries[0]!;
    expect(first).toMatchObject({ subject: "vbu", action: "added", vbuName: DEMO_VBUS[0]!.name });
    const elevenMonthsAgo = new Date(now);
    elevenMonthsAgo.setUTCMonth(elevenMonthsAgo.getUTCMonth() - 11);
    const thirteenMonthsAgo = new Date(now);
    thirteenMonthsAgo.setUTCMonth(thirteenMonthsAgo.getUTCMonth() - 13);
    for (const added of entries.filter((e) => e.subject === "vbu")) {
      expect(added.action).toBe("added");
      expect(added.at.getTime()).toBeLessThan(elevenMonthsAgo.getTime());
      expect(added.at.getTime()).toBeGreaterThan(thirteenMonthsAgo.getTime());
    }
    expect(entries.filter((e) => e.subject === "vbu")).toHaveLength(DEMO_VBUS.length);
    expect(Math.max(...entries.map((e) => e.at.getTime()))).toBeLessThan(now.getTime());
  });

  it("moves four VBUs between lanes over the year, Brightpath from Build to Sell among them", () => {
    const moves = laneMoves().map((e) => [e.vbuName, e.changes.lifecycle_lane]);
    expect(moves.sort()).toEqual([
      ["Beacon Security", ["sell", "reframe"]],
      ["Brightpath Learning", ["build", "sell"]],
      ["Greenleaf Payroll", ["sell", "milk"]],
      ["Signal Telecom Billing", ["sell", "milk"]],
    ]);
    expect(new Set(laneMoves().map((e) => month(e.at))).size).toBe(4);
  });

  it("changes proof points' statuses in at least eight different months, and edits and reorders theses", () => {
    expect(new Set(statusChanges().map((e) => month(e.at))).size).toBeGreaterThanOrEqual(8);
    const thesisEdits = entries.filter((e) => e.subject === "thesis" && e.action === "changed");
    expect(thesisEdits.some((e) => e.changes.text)).toBe(true);
    expect(thesisEdits.some((e) => e.changes.order)).toBe(true);
    const evidence = entries.filter((e) => e.subject === "evidence" && e.action === "added");
    expect(evidence).toHaveLength(8);
    expect(new Set(evidence.map((e) => month(e.at))).size).toBeGreaterThanOrEqual(4);
  });

  it("credits every entry to a demo person: a VBU to the admin who created it, its canvas to its GM", async () => {
    const ids = new Set(people.values());
    for (const entry of entries) {
      expect(entry.actorName).not.toBe("System (seed)");
      expect(ids.has(entry.actorId!)).toBe(true);
    }
    const gmOf = new Map(
      (await database.db.select({ id: vbus.id, gmId: vbus.gmId }).from(vbus)).map((v) => [v.id, v.gmId]),
    );
    const added = entries.filter((e) => e.action === "added");
    for (const entry of added.filter((e) => e.subject === "vbu")) {
      expect([entry.actorId, entry.actorName]).toEqual([people.get("admin"), "Morgan Ellis"]);
    }
    for (const entry of added.filter((e) => e.subject !== "vbu")) expect(entry.actorId).toBe(gmOf.get(entry.vbuId));
    // The admin's: VBUs, the lane moves of Beacon, Greenleaf and Signal, publishing for an absent GM, acknowledging.
    const byAdmin = entries.filter((e) => e.actorId === people.get("admin") && e.subject !== "vbu");
    expect(new Set(byAdmin.map((e) => e.subject))).toEqual(new Set(["canvas", "review"]));
  });

  it("dates each review's publishing and acknowledgement when it happened, credited to who did it", async () => {
    const reviews = await database.db
      .select()
      .from(monthlyReviews)
      .where(eq(monthlyReviews.status, "published"))
      .orderBy(asc(monthlyReviews.publishedAt));
    expect(reviews).toHaveLength(3 * REVIEWED_VBUS.length);
    const recorded = entries.filter((e) => e.subject === "review");
    const byReviewThenTime = (a: { subjectId: string; at: Date | null }, b: { subjectId: string; at: Date | null }) =>
      a.subjectId.localeCompare(b.subjectId) || a.at!.getTime() - b.at!.getTime();
    const expected = reviews.flatMap((r) => [
      { subjectId: r.id, at: r.publishedAt, actorId: r.publishedBy, status: ["draft", "published"] },
      ...(r.acknowledgedAt
        ? [{ subjectId: r.id, at: r.acknowledgedAt, actorId: r.acknowledgedBy, status: undefined }]
        : []),
    ]);
    expect(
      recorded
        .map((e) => ({ subjectId: e.subjectId, at: e.at, actorId: e.actorId, status: e.changes.status }))
        .sort(byReviewThenTime),
    ).toEqual(expected.sort(byReviewThenTime));
  });

  it("leaves Signal Telecom Billing and Mosaic Media stale (no canvas change for 60 days); the others changed lately", () => {
    const latest = new Map<string, number>();
    for (const entry of entries) {
      if (!["canvas", "thesis", "proof_point", "evidence"].includes(entry.subject)) continue;
      latest.set(entry.vbuName, Math.max(latest.get(entry.vbuName) ?? 0, entry.at.getTime()));
    }
    expect(latest.size).toBe(DEMO_VBUS.length);
    const cutoff = now.getTime() - STALE_AFTER_DAYS * DAY;
    const stale = [...latest].filter(([, at]) => at < cutoff).map(([name]) => name);
    expect(stale.sort()).toEqual(["Mosaic Media", "Signal Telecom Billing"]);
  });

  it("reads in the order it was written: each VBU's entries are dated in order", () => {
    const last = new Map<string, number>();
    for (const entry of entries) {
      expect(entry.at.getTime(), `${entry.vbuName} #${entry.id}`).toBeGreaterThanOrEqual(last.get(entry.vbuId) ?? 0);
      last.set(entry.vbuId, entry.at.getTime());
    }
  });

  it("ends where the data is: each proof point's statuses replay to its status, each canvas's lanes to its lane", async () => {
    const points = await database.db.select({ id: proofPoints.id, status: proofPoints.status }).from(proofPoints);
    for (const point of points) {
      const own = entries.filter((e) => e.subject === "proof_point" && e.subjectId === point.id);
      expect(own[0]!.action).toBe("added");
      let status: unknown = null;
      for (const entry of own.filter((e) => e.changes.status)) {
        expect(entry.changes.status![0]).toBe(status);
        status = entry.changes.status![1];
      }
      expect(status).toBe(point.status);
    }
    const lanes = await database.db.select({ vbuId: canvases.vbuId, lane: canvases.lifecycleLane }).from(canvases);
    for (const { vbuId, lane: current } of lanes) {
      let lane: unknown = null;
      for (const entry of entries.filter(
        (e) => e.vbuId === vbuId && e.subject === "canvas" && e.changes.lifecycle_lane,
      )) {
        expect(entry.changes.lifecycle_lane![0]).toBe(lane);
        lane = entry.changes.lifecycle_lane![1];
      }
      expect(lane).toBe(current);
    }
  });
});
