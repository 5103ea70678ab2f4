// The trends' stored closed months (drizzle/0014, lib/trends/read.ts): what the page reads from
// them agrees with a reconstruction of the history done here, entry by entry, on random-ish
// histories; they are forgotten when an entry is dated into them; and filling them races safely
// with another fill and with history writes in flight.
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { changeHistory, type LifecycleLane, type ProofPointStatus } from "../../db/schema";
import type { Actor } from "../../lib/auth/roles";
import type { Tx } from "../../lib/canvas/lock";
import { LANES, PROOF_POINT_STATUSES } from "../../lib/canvas/vocabulary";
import { SEED_ACTOR, actAs } from "../../lib/history/actor";
import { getTrends, type Trends } from "../../lib/trends/read";
import { createVbu } from "../factories";
import { ENGINES, queryRows } from "../support/database";
import { type EntrySeed, historyOf, insertEntries, useTrendsDatabase } from "./support";

// Months 2024-07 (index 0) … 2025-06 (index 11, so far).
const NOW = new Date("2025-06-15T12:00:00Z");
const VIEWER: Actor = { id: "00000000-0000-4000-8000-000000000000", role: "viewer" };
/** The lock store_trend_months takes, and every history write shares (drizzle/0014). */
const TREND_LOCK = 4_207_003;

const counts = (trends: Trends) => ({
  statuses: trends.proofPoints.map((c) => PROOF_POINT_STATUSES.map((s) => c[s])),
  lanes: trends.lanes.map((c) => LANES.map(({ lane }) => c[lane])),
});

const storedMonths = async () =>
  (await queryRows<{ month: string }>(getDb(), sql`SELECT month::text AS month FROM trend_months ORDER BY month`)).map(
    (r) => r.month,
  );

/** A small deterministic generator (mulberry32): the same history on every run and engine. */
function random(seed: number) {
  let a = seed;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]! };
}

const FROM = Date.parse("2024-05-01T00:00:00Z");
const UNTIL = Date.parse("2025-06-25T00:00:00Z"); // past NOW: later entries are not counted

/**
 * `vbus` VBUs of random history, some of them real (so the search finds them by their name now):
 * a canvas added and moved between lanes, proof points added, moved on and deleted, some VBUs
 * deleted; times to the second, some of them shared, written in random order.
 */
async function randomHistory(seed: number, vbus: number) {
  const rnd = random(seed);
  const at = () => new Date(FROM + Math.floor(rnd.next() * ((UNTIL - FROM) / 1000)) * 1000).toISOString();
  const lanes = LANES.map((l) => l.lane);
  const entries: EntrySeed[] = [];
  const harbors: string[] = [];
  for (let n = 0; n < vbus; n++) {
    const real = n % 3 === 0;
    const vbu = real ? await createVbu(getDb(), { name: `Harbor ${seed}-${n}` }) : null;
    const h = vbu ? historyOf(vbu.vbuId, vbu.name) : historyOf();
    if (vbu) harbors.push(h.vbuId);
    let lane: LifecycleLane = rnd.pick(lanes);
    const added = at();
    entries.push(h.canvasAdded(added, lane));
    for (let m = 0; m < 3; m++) {
      const next = rnd.pick(lanes);
      entries.push(h.laneMoved(at(), lane, next));
      lane = next;
    }
    for (let p = 0; p < 4; p++) {
      const point = randomUUID();
      let status: ProofPointStatus = rnd.pick(PROOF_POINT_STATUSES);
      entries.push(h.pointAdded(point, at(), status));
      for (let c = 0; c < 3; c++) {
        const next = rnd.pick(PROOF_POINT_STATUSES);
        const when = rnd.next() < 0.2 ? added : at(); // now and then at the same instant as another entry
        entries.push(rnd.next() < 0.2 ? h.pointEdited(point, when) : h.statusChanged(point, when, status, next));
        status = next;
      }
      if (rnd.next() < 0.3) entries.push(h.pointDeleted(point, at(), status));
    }
    if (!real && rnd.next() < 0.3) entries.push(h.vbuDeleted(at(), randomUUID()));
  }
  // Random order of writing: the time decides, and among equal times the order of writing.
  const shuffled = entries.map((e) => ({ e, k: rnd.next() })).sort((a, b) => a.k - b.k);
  const written = shuffled.map((s) => s.e);
  await insertEntries(written);
  return { written, harbors };
}

/** The counts at each month's end, from the entries one by one (this month's end is NOW). */
function reconstruct(written: EntrySeed[], vbuIds?: string[]): ReturnType<typeof counts> {
  const ends = Array.from({ length: 12 }, (_, i) => (i === 11 ? NOW.getTime() : Date.UTC(2024, 6 + i + 1, 1) - 1));
  const statuses: number[][] = [];
  const lanes: number[][] = [];
  for (const end of ends) {
    const latest = new Map<string, { vbuId: string; field: string; value: unknown }>();
    const gone = new Set<string>();
    const inTime = written
      .map((e, order) => ({ e, order, at: Date.parse(e.at) }))
      .filter(({ e, at }) => at <= end && (!vbuIds || vbuIds.includes(e.vbuId)))
      .sort((a, b) => a.at - b.at || a.order - b.order);
    for (const { e } of inTime) {
      if (e.subject === "vbu" && e.action === "deleted") gone.add(e.vbuId);
      if (e.subject === "proof_point" && "status" in e.changes)
        latest.set(`p${e.proofPointId}`, { vbuId: e.vbuId, field: "status", value: e.changes.status[1] });
      if (e.subject === "canvas" && "lifecycle_lane" in e.changes)
        latest.set(`v${e.vbuId}`, { vbuId: e.vbuId, field: "lane", value: e.changes.lifecycle_lane[1] });
    }
    const counted = [...latest.values()].filter((s) => s.value !== null && !gone.has(s.vbuId));
    const count = (field: string, value: string) =>
      counted.filter((s) => s.field === field && s.value === value).length;
    statuses.push(PROOF_POINT_STATUSES.map((s) => count("status", s)));
    lanes.push(LANES.map(({ lane }) => count("lane", lane)));
  }
  return { statuses, lanes };
}

describe.each(ENGINES)("the trends' stored months on %s", (engine) => {
  useTrendsDatabase(engine);

  it("agree with a reconstruction of the history, entry by entry, on random histories: storing, stored, filtered", async () => {
    // Each seed's history adds to the last one's: its entries, dated into stored months, make them refill.
    const written: EntrySeed[] = [];
    const harbors: string[] = [];
    for (const seed of [1, 2, 3]) {
      const more = await randomHistory(seed, 9);
      written.push(...more.written);
      harbors.push(...more.harbors);
      const expected = reconstruct(written);
      const filled = await getTrends(VIEWER, {}, NOW); // stores the months not stored
      expect(await storedMonths()).toHaveLength(11);
      const stored = await getTrends(VIEWER, {}, NOW); // reads them stored
      expect(counts(filled)).toEqual(expected);
      expect(counts(stored)).toEqual(expected);
      expect(counts(await getTrends(VIEWER, { q: "harbor" }, NOW))).toEqual(reconstruct(written, harbors));
    }
  });

  it("stores the closed months once, per VBU, and none of this month", async () => {
    const v = historyOf();
    await insertEntries([
      v.canvasAdded("2024-01-01T00:00:00Z", "build"),
      v.pointAdded(randomUUID(), "2024-01-01T00:00:00Z", "observed"),
    ]);
    const [first] = await queryRows<{ n: number }>(
      getDb(),
      sql`SELECT store_trend_months(ARRAY['2025-01-01'::date]) AS n`,
    );
    expect(first!.n).toBe(1);
    await getTrends(VIEWER, {}, NOW);
    const months = await storedMonths();
    expect(months).toEqual(
      Array.from({ length: 11 }, (_, i) => new Date(Date.UTC(2024, 6 + i, 1)).toISOString().slice(0, 10)),
    );
    const [again] = await queryRows<{ n: number }>(
      getDb(),
      sql`SELECT store_trend_months(ARRAY['2025-01-01'::date]) AS n`,
    );
    expect(again!.n).toBe(0);
    const rows = await queryRows<{ field: string; value: string; count: number }>(
      getDb(),
      sql`SELECT field, value, count FROM trend_month_counts WHERE month = '2025-01-01' AND vbu_id = ${v.vbuId} ORDER BY field`,
    );
    expect(rows).toEqual([
      { field: "lifecycle_lane", value: "build", count: 1 },
      { field: "status", value: "observed", count: 1 },
    ]);
  });

  it("forgets the stored months an entry is dated into, from its month on, and counts it", async () => {
    const v = historyOf();
    const point = randomUUID();
    await insertEntries([
      v.canvasAdded("2024-01-01T00:00:00Z", "build"),
      v.pointAdded(point, "2024-01-01T00:00:00Z", "not_started"),
    ]);
    expect(counts(await getTrends(VIEWER, {}, NOW)).statuses.map((s) => s[0])).toEqual(Array(12).fill(1));

    await insertEntries([v.statusChanged(point, "2024-10-20T10:00:00Z", "not_started", "observed")]);
    expect(await storedMonths()).toEqual(["2024-07-01", "2024-08-01", "2024-09-01"]);
    const after = counts(await getTrends(VIEWER, {}, NOW));
    expect(after.statuses.map((s) => s[0])).toEqual([1, 1, 1, ...Array(9).fill(0)]);
    expect(after.statuses.map((s) => s[2])).toEqual([0, 0, 0, ...Array(9).fill(1)]);
    expect(await storedMonths()).toHaveLength(11);
  });

  it("forgets them when a system actor replays history into a closed month through the app's tables (canvas.history_at)", async () => {
    const vbu = await createVbu(getDb(), { name: "Replayed", lane: "build" });
    // The factory's own entries are at the real time, after NOW: none counted.
    await getTrends(VIEWER, {}, NOW);
    expect(await storedMonths()).toHaveLength(11);
    await getDb().transaction(async (tx) => {
      await actAs(tx, SEED_ACTOR);
      await tx.execute(sql`SELECT set_config('canvas.history_at', '2025-02-10T10:00:00Z', true)`);
      await tx.execute(sql`UPDATE canvases SET lifecycle_lane = 'milk' WHERE vbu_id = ${vbu.vbuId}`);
    });
    expect(await storedMonths()).toEqual([
      "2024-07-01",
      "2024-08-01",
      "2024-09-01",
      "2024-10-01",
      "2024-11-01",
      "2024-12-01",
      "2025-01-01",
    ]);
    const lanes = counts(await getTrends(VIEWER, {}, NOW)).lanes;
    expect(lanes.map((l) => l[2])).toEqual([0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1]); // milk from February
  });

  it("keeps them through an ordinary write, dated now", async () => {
    const now = new Date();
    await getTrends(VIEWER, {}, now);
    const before = await storedMonths();
    expect(before).toHaveLength(11);
    await createVbu(getDb(), { name: "Written now" });
    expect(await storedMonths()).toEqual(before);
  });
});

// PostgreSQL only: PGlite has one connection, so nothing there runs side by side.
describe("the trends' stored months under concurrency on postgres", () => {
  useTrendsDatabase("postgres");

  /** How many of this database's transactions wait for an advisory lock. */
  async function waitingForLock(): Promise<number> {
    const [row] = await queryRows<{ n: number }>(
      getDb(),
      sql`SELECT count(*)::int AS n FROM pg_locks
          WHERE locktype = 'advisory' AND NOT granted
            AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    );
    return row!.n;
  }

  async function until(condition: () => Promise<boolean>) {
    for (let tries = 0; tries < 500 && !(await condition()); tries++) await new Promise((r) => setImmediate(r));
    expect(await condition()).toBe(true);
  }

  /** A transaction held open after `work`, until the returned release is called. */
  function held(work: (tx: Tx) => Promise<void>) {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let ready!: () => void;
    const started = new Promise<void>((resolve) => (ready = resolve));
    const done = getDb().transaction(async (tx) => {
      await work(tx);
      ready();
      await gate;
    });
    return { started, release, done };
  }

  it("two fills at once of the same months both succeed, after a history write in flight, which they count", async () => {
    const v = historyOf();
    const point = randomUUID();
    await insertEntries([
      v.canvasAdded("2024-01-01T00:00:00Z", "build"),
      v.pointAdded(point, "2024-01-01T00:00:00Z", "not_started"),
    ]);
    // A replay in flight (not committed): its entry, dated in October, takes the lock shared.
    const write = held(async (tx) => {
      await tx.insert(changeHistory).values({
        at: new Date("2024-10-20T10:00:00Z"),
        actorName: "System (tests)",
        vbuId: v.vbuId,
        vbuName: v.vbuName,
        subject: "proof_point",
        subjectId: point,
        action: "changed",
        proofPointId: point,
        changes: { status: ["not_started", "observed"] },
      });
    });
    await write.started;
    const reads = Promise.all([getTrends(VIEWER, {}, NOW), getTrends(VIEWER, {}, NOW)]);
    await until(async () => (await waitingForLock()) >= 2); // both fills wait for the write
    write.release();
    await write.done;
    const [one, two] = await reads;
    const expected = [1, 1, 1, ...Array(9).fill(0)];
    expect(counts(one).statuses.map((s) => s[0])).toEqual(expected);
    expect(counts(two).statuses.map((s) => s[0])).toEqual(expected);
    expect(await storedMonths()).toHaveLength(11);
    const [rows] = await queryRows<{ n: number }>(getDb(), sql`SELECT count(*)::int AS n FROM trend_month_counts`);
    expect(rows!.n).toBe(11 * 2); // once each: its lane and its proof point's status
  });

  it("a history write during a fill waits for it, then forgets what it stored", async () => {
    const v = historyOf();
    // A fill in flight (not committed): the lock held, October marked stored.
    const fill = held(async (tx) => {
      await tx.execute(sql`SELECT pg_advisory_xact_lock(${TREND_LOCK})`);
      await tx.execute(sql`INSERT INTO trend_months (month) VALUES ('2024-10-01')`);
    });
    await fill.started;
    const write = insertEntries([v.canvasAdded("2024-10-20T10:00:00Z", "sell")]);
    await until(async () => (await waitingForLock()) >= 1); // the write waits for the fill
    fill.release();
    await fill.done;
    await write;
    expect(await storedMonths()).toEqual([]);
  });
});
