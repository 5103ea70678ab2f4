// The monthly fold of the trends' deltas (lib/trends/fold.ts). On both engines: years of history
// written into change_history at chosen times (the trigger writing the deltas as it does in use),
// every trends read snapshotted for each `now` from two months behind the fold's to the real one
// and every filter, then the fold; the reads are the same, the table holds exactly the folded rows
// (nothing before the boundary, each VBU's older months summed into the boundary month, zero sums
// gone), and a second fold changes nothing. On PostgreSQL, races forced at the point where a batch
// holds its rows: a delta written to a folded row meanwhile, and a second fold at once.
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import type { LifecycleLane, ProofPointStatus } from "../../db/schema";
import type { Actor } from "../../lib/auth/roles";
import type { SearchParams } from "../../lib/board/filters";
import type { Tx } from "../../lib/canvas/lock";
import { LANES, PROOF_POINT_STATUSES } from "../../lib/canvas/vocabulary";
import { foldBoundary, foldTrendDeltas } from "../../lib/trends/fold";
import { getTrends } from "../../lib/trends/read";
import { createPerson, createVbu } from "../factories";
import { ENGINES, queryRows } from "../support/database";
import { type EntrySeed, historyOf, insertEntries, useTrendsDatabase } from "./support";

// The fold's clock: it folds the months before 2024-05 (the reads at NOW start at 2024-07).
const NOW = new Date("2025-06-15T12:00:00Z");
const BOUNDARY = "2024-05-01";
const VIEWER: Actor = { id: "00000000-0000-4000-8000-000000000000", role: "viewer" };

// Every `now` a read may have after the fold: two months behind it (its period starting at the
// boundary), within its month, later, and the real clock (after the factories' own entries).
const READ_NOWS = [
  new Date("2025-04-01T00:00:00Z"),
  new Date("2025-05-20T08:00:00Z"),
  NOW,
  new Date("2025-06-30T23:59:59Z"),
  new Date("2025-09-10T12:00:00Z"),
  new Date("2026-01-15T12:00:00Z"),
  new Date(),
];

interface DeltaRow extends Record<string, unknown> {
  field: string;
  vbu_id: string;
  month: string;
  value: string;
  delta: number;
}

const keyOf = (r: Pick<DeltaRow, "field" | "vbu_id" | "value">) => `${r.field}|${r.vbu_id}|${r.value}`;
const byKey = (a: DeltaRow, b: DeltaRow) =>
  `${keyOf(a)}|${a.month}` < `${keyOf(b)}|${b.month}`
    ? -1
    : `${keyOf(a)}|${a.month}` > `${keyOf(b)}|${b.month}`
      ? 1
      : 0;

/** The whole table, sorted. */
async function deltaRows(): Promise<DeltaRow[]> {
  const rows = await queryRows<DeltaRow>(
    getDb(),
    sql`SELECT field, vbu_id, month::text AS month, value, delta FROM trend_deltas`,
  );
  return rows.map((r) => ({ ...r, delta: Number(r.delta) })).sort(byKey);
}

/**
 * What the fold must leave of `rows`: the rows from the boundary on as they are, each key's rows
 * before it summed into its boundary row (added to the one there, if any), a boundary row that the
 * sum brought to 0 gone.
 */
function folded(rows: DeltaRow[], boundary: string): DeltaRow[] {
  const sums = new Map<string, number>();
  const kept = new Map<string, DeltaRow>();
  for (const r of rows) {
    if (r.month < boundary) sums.set(keyOf(r), (sums.get(keyOf(r)) ?? 0) + r.delta);
    else kept.set(`${keyOf(r)}|${r.month}`, { ...r });
  }
  for (const [key, sum] of sums) {
    if (sum === 0) continue;
    const [field, vbu_id, value] = key.split("|") as [string, string, string];
    const row = kept.get(`${key}|${boundary}`) ?? { field, vbu_id, month: boundary, value, delta: 0 };
    row.delta += sum;
    if (row.delta === 0) kept.delete(`${key}|${boundary}`);
    else kept.set(`${key}|${boundary}`, row);
  }
  return [...kept.values()].sort(byKey);
}

/** What every read at or after the boundary sees of `rows`: the months before it as it, no zero sums. */
function asRead(rows: DeltaRow[], boundary: string): DeltaRow[] {
  const sums = new Map<string, DeltaRow>();
  for (const r of rows) {
    const month = r.month < boundary ? boundary : r.month;
    const key = `${keyOf(r)}|${month}`;
    const row = sums.get(key) ?? { ...r, month, delta: 0 };
    row.delta += r.delta;
    sums.set(key, row);
  }
  return [...sums.values()].filter((r) => r.delta !== 0).sort(byKey);
}

/** The deltas as the migration fills them from the whole history (drizzle/0014): unfolded. */
async function refillFromHistory(): Promise<void> {
  await getDb().transaction(async (tx) => {
    await tx.execute(sql`DELETE FROM trend_deltas WHERE true`);
    await tx.execute(sql`
      INSERT INTO trend_deltas (field, vbu_id, month, value, delta)
      SELECT field, vbu_id, month, value, sum(delta)::int FROM trend_entry_deltas GROUP BY field, vbu_id, month, value`);
  });
}

/** A small seeded random source (mulberry32): every run writes the same history. */
function randomSource(seed: number) {
  let state = seed;
  const next = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  return { next, pick };
}

const LANE_VALUES = LANES.map((l) => l.lane);

interface Life {
  /** The first month of its history, and the last (YYYY-MM). */
  from: string;
  until: string;
  /** Its lane at the end (a live VBU's lane now). */
  lane: LifecycleLane;
  productName?: string;
  /** Deleted at this instant (after `until`), with this GM. */
  deleted?: { at: string; gmId: string };
}

/**
 * A VBU's history, month by month: its canvas and a few proof points added in the first month,
 * then in each month status changes, proof points added, edited and deleted, lane moves; in time
 * order, each change from the value before.
 */
function historyOfLife(vbu: ReturnType<typeof historyOf>, life: Life, random: ReturnType<typeof randomSource>) {
  const entries: EntrySeed[] = [];
  const points = new Map<string, ProofPointStatus>();
  let lane = random.pick(LANE_VALUES);
  const [fromYear, fromMonth] = life.from.split("-").map(Number) as [number, number];
  const [untilYear, untilMonth] = life.until.split("-").map(Number) as [number, number];
  const otherThan = <T>(values: readonly T[], value: T) => random.pick(values.filter((v) => v !== value));
  for (let index = fromYear * 12 + fromMonth - 1; index <= untilYear * 12 + untilMonth - 1; index++) {
    const month = `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;
    let day = 1;
    const at = () => {
      day = Math.min(28, day + Math.floor(random.next() * 3));
      const hour = String(Math.floor(random.next() * 24)).padStart(2, "0");
      return `${month}-${String(day).padStart(2, "0")}T${hour}:${String(entries.length % 60).padStart(2, "0")}:00Z`;
    };
    const addPoint = () => {
      const id = randomUUID();
      const status = random.pick(PROOF_POINT_STATUSES);
      points.set(id, status);
      entries.push(vbu.pointAdded(id, at(), status));
    };
    if (entries.length === 0) {
      entries.push(vbu.canvasAdded(at(), lane, life.productName ?? null));
      for (let n = 0; n < 3 + Math.floor(random.next() * 3); n++) addPoint();
      continue;
    }
    for (let n = Math.floor(random.next() * 3); n > 0; n--) {
      const id = random.pick([...points.keys()]);
      const to = otherThan(PROOF_POINT_STATUSES, points.get(id)!);
      entries.push(vbu.statusChanged(id, at(), points.get(id)!, to));
      points.set(id, to);
    }
    if (random.next() < 0.15) addPoint();
    if (random.next() < 0.1) entries.push(vbu.pointEdited(random.pick([...points.keys()]), at()));
    if (random.next() < 0.1 && points.size > 1) {
      const id = random.pick([...points.keys()]);
      entries.push(vbu.pointDeleted(id, at(), points.get(id)!));
      points.delete(id);
    }
    if (random.next() < 0.12) {
      const to = otherThan(LANE_VALUES, lane);
      entries.push(vbu.laneMoved(at(), lane, to));
      lane = to;
    }
  }
  if (life.deleted) {
    const { at, gmId } = life.deleted;
    for (const [id, status] of points) entries.push(vbu.pointDeleted(id, at, status));
    entries.push(vbu.canvasDeleted(at, lane, life.productName ?? null), vbu.vbuDeleted(at, gmId));
  } else if (lane !== life.lane) {
    entries.push(vbu.laneMoved(`${life.until}-28T12:00:00Z`, lane, life.lane));
  }
  return entries;
}

/**
 * Four and a half years of history: five VBUs in use (two GMs, a product name to search, every lane
 * now), one of them begun inside the period; three deleted (before the boundary, between it and
 * the period, within the period); a proof point whose history starts with a change; entries after
 * the fold's now. Returns the people and who reads what.
 */
async function seedYears() {
  const db = getDb();
  const random = randomSource(2_025);
  const one = await createPerson(db, { role: "gm", name: "Gemma One" });
  const two = await createPerson(db, { role: "gm", name: "Gus Two" });
  const entries: EntrySeed[] = [];
  const live: [string, string, Omit<Life, "until">][] = [
    ["Harbor Logistics", one.id, { from: "2021-01", lane: "sell", productName: "Dock" }],
    ["Quay Works", two.id, { from: "2021-03", lane: "build" }],
    ["Reef Partners", one.id, { from: "2022-07", lane: "milk" }],
    ["Shoal Labs", two.id, { from: "2024-09", lane: "reframe" }],
    ["Tide", one.id, { from: "2023-01", lane: "build" }],
  ];
  const ids = new Map<string, string>();
  for (const [name, gmId, life] of live) {
    const vbu = await createVbu(db, {
      name,
      gmId,
      lane: life.lane,
      canvas: life.productName ? { productName: life.productName } : {},
    });
    ids.set(name, vbu.vbuId);
    entries.push(...historyOfLife(historyOf(vbu.vbuId, name), { ...life, until: "2025-08" }, random));
  }
  const gone: [string, string, Life][] = [
    ["Harbor Old", one.id, { from: "2021-02", until: "2022-08", lane: "sell", productName: "Pier" }],
    ["Quay Gone", two.id, { from: "2021-05", until: "2024-05", lane: "build" }],
    ["Reef Gone", one.id, { from: "2022-01", until: "2025-01", lane: "milk", productName: "Coral" }],
  ];
  const deletedAt = ["2022-09-14T10:00:00Z", "2024-06-10T10:00:00Z", "2025-02-10T10:00:00Z"];
  gone.forEach(([name, gmId, life], n) => {
    const vbu = historyOf(randomUUID(), name);
    entries.push(...historyOfLife(vbu, { ...life, deleted: { at: deletedAt[n]!, gmId } }, random));
  });
  // Tide: a proof point older than the history, whose first entry is a change.
  const tide = historyOf(ids.get("Tide"), "Tide");
  const orphan = randomUUID();
  entries.push(
    tide.statusChanged(orphan, "2023-02-03T09:00:00Z", "not_started", "stalled"),
    tide.statusChanged(orphan, "2024-02-03T09:00:00Z", "stalled", "observed"),
    tide.statusChanged(orphan, "2025-03-03T09:00:00Z", "observed", "in_progress"),
  );
  // In time order (stable: entries at the same instant keep the order they were made in).
  await insertEntries(
    entries
      .map((e, n) => ({ e, n }))
      .sort((a, b) => a.e.at.localeCompare(b.e.at) || a.n - b.n)
      .map((x) => x.e),
  );
  const views: [SearchParams, Actor][] = [
    [{}, VIEWER],
    [{ gm: one.id }, VIEWER],
    [{ gm: two.id }, VIEWER],
    [{ q: "harbor" }, VIEWER],
    [{ q: "pier" }, VIEWER],
    [{ q: "dock" }, VIEWER],
    [{ q: "coral" }, VIEWER],
    [{ mine: "1" }, { id: one.id, role: "gm" }],
    [{ mine: "1" }, { id: two.id, role: "gm" }],
    ...LANE_VALUES.map((lane): [SearchParams, Actor] => [{ lane }, VIEWER]),
    [{ gm: one.id, lane: "sell" }, VIEWER],
  ];
  return { views, entries: entries.length };
}

/** Every read: each view at each of `nows`, as getTrends returns it. */
async function readAll(views: [SearchParams, Actor][], nows: Date[] = READ_NOWS) {
  const reads = [];
  for (const now of nows) {
    reads.push(
      ...(await Promise.all(
        views.map(async ([params, actor]) => ({
          now: now.toISOString(),
          params,
          trends: await getTrends(actor, params, now),
        })),
      )),
    );
  }
  return reads;
}

describe.each(ENGINES)("the trends' fold on %s", (engine) => {
  useTrendsDatabase(engine);

  it("folds the months before the boundary into one row per VBU and value, and every read is the same", async () => {
    expect(foldBoundary(NOW)).toBe(BOUNDARY);
    const { views } = await seedYears();
    const before = await deltaRows();
    const reads = await readAll(views);
    // Every view at the fold's now counts something, but the search for Harbor Old (deleted before the period).
    const counted = (r: (typeof reads)[number]) =>
      [...r.trends.proofPoints, ...r.trends.lanes].some((counts) => Object.values(counts).some((n) => n > 0));
    expect(reads.filter((r) => r.now === NOW.toISOString() && !counted(r)).map((r) => r.params)).toEqual([
      { q: "pier" },
    ]);
    expect(before.filter((r) => r.month < BOUNDARY).length).toBeGreaterThan(300);

    // Three VBUs per transaction: seven VBUs with rows before the boundary, three transactions.
    // The history holds both kinds of zero: keys whose months before the boundary sum to 0 (no row
    // written), and keys whose sum brings their boundary row to 0 (the row dropped).
    const olderSums = new Map<string, number>();
    for (const r of before) if (r.month < BOUNDARY) olderSums.set(keyOf(r), (olderSums.get(keyOf(r)) ?? 0) + r.delta);
    const atBoundary = (key: string) => before.find((r) => keyOf(r) === key && r.month === BOUNDARY)?.delta ?? 0;
    expect([...olderSums.values()].filter((sum) => sum === 0).length).toBeGreaterThan(0);
    expect([...olderSums].filter(([key, sum]) => sum !== 0 && sum + atBoundary(key) === 0).length).toBeGreaterThan(0);

    await foldTrendDeltas(NOW, { batchSize: 3 });
    const after = await deltaRows();
    expect(after).toEqual(folded(before, BOUNDARY));
    expect(after.filter((r) => r.month < BOUNDARY)).toEqual([]);
    expect(after.length).toBeLessThan(before.length / 2);
    // Each VBU's sums, as the deltas' own tests count them, are what they were.
    expect(asRead(after, "9999-01-01")).toEqual(asRead(before, "9999-01-01"));
    expect(await readAll(views)).toEqual(reads);

    // Again: nothing before the boundary, nothing to do.
    await foldTrendDeltas(NOW);
    expect(await deltaRows()).toEqual(after);

    // A month on, the next fold takes the boundary rows on, and the reads it must keep are the same.
    const next = new Date("2025-07-02T03:30:00Z");
    await foldTrendDeltas(next);
    const nextFold = await deltaRows();
    expect(nextFold).toEqual(folded(after, foldBoundary(next)));
    expect(nextFold.length).toBeLessThan(after.length);
    const kept = READ_NOWS.filter((now) => now >= new Date("2025-05-01T00:00:00Z"));
    expect(await readAll(views, kept)).toEqual(reads.filter((r) => new Date(r.now) >= kept[0]!));

    // This seed's history, in rows: 612 (419 of them before the boundary), 201 folded, 182 a month on.
    expect([before.length, after.length, nextFold.length]).toEqual([612, 201, 182]);
  }, 120_000);

  it("does nothing on an empty table or a history that has no month before the boundary", async () => {
    await foldTrendDeltas(NOW);
    expect(await deltaRows()).toEqual([]);
    const vbu = historyOf();
    const point = randomUUID();
    await insertEntries([
      vbu.canvasAdded(`${BOUNDARY}T00:00:00Z`, "build"),
      vbu.pointAdded(point, "2024-05-10T00:00:00Z", "stalled"),
      vbu.statusChanged(point, "2024-05-11T00:00:00Z", "stalled", "observed"), // stalled nets to 0 in May
    ]);
    const before = await deltaRows();
    await foldTrendDeltas(NOW);
    expect(await deltaRows()).toEqual(before);
  });
});

// The hook lib/trends/fold.ts calls once a batch holds the rows it folds.
const hooks = globalThis as unknown as { canvasTrendsFoldLocked?: (tx: Tx) => Promise<void> };

/** How many backends wait for a lock that backend `pid` holds. */
async function waitingFor(pid: number): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    getDb(),
    sql`SELECT count(*)::int AS n FROM pg_stat_activity WHERE ${pid}::int = ANY(pg_blocking_pids(pid))`,
  );
  return row!.n;
}

/** Runs a fold at NOW held at its first batch's lock while `meanwhile` runs, given the fold's backend. */
async function foldHeld(meanwhile: (backend: number) => Promise<void>): Promise<void> {
  let held = false;
  hooks.canvasTrendsFoldLocked = async (tx) => {
    if (held) return;
    held = true;
    const [row] = await queryRows<{ pid: number }>(tx, sql`SELECT pg_backend_pid() AS pid`);
    await meanwhile(row!.pid);
  };
  try {
    await foldTrendDeltas(NOW);
  } finally {
    hooks.canvasTrendsFoldLocked = undefined;
  }
  expect(held).toBe(true);
}

/** Until `run` has ended, or backend `pid` holds a lock it waits for. */
async function untilWaitingOrEnded(pid: number, run: Promise<unknown>): Promise<boolean> {
  let ended = false;
  const end = () => void (ended = true);
  run.then(end, end);
  while (!ended) if ((await waitingFor(pid)) > 0) return true;
  return false;
}

describe("the trends' fold racing writes on postgres", () => {
  useTrendsDatabase("postgres");

  it("loses no delta the trigger writes meanwhile: one to a folded row waits and lands in a row of its own", async () => {
    const { views } = await seedYears();
    const db = getDb();
    const [old] = await queryRows<{ vbu_id: string; month: string; value: ProofPointStatus }>(
      db,
      sql`SELECT vbu_id, month::text AS month, value FROM trend_deltas
          WHERE field = 'status' AND month < ${BOUNDARY}::date ORDER BY month, vbu_id, value LIMIT 1`,
    );
    const vbu = historyOf(old!.vbu_id);
    const oldAt = `${old!.month.slice(0, 7)}-20T10:00:00Z`;
    let toFoldedRow: Promise<void> | undefined;
    let waited = false;
    await foldHeld(async (backend) => {
      // To a row the batch holds: it waits for the batch.
      toFoldedRow = insertEntries([vbu.pointAdded(randomUUID(), oldAt, old!.value)]);
      waited = await untilWaitingOrEnded(backend, toFoldedRow);
      // To a row of an old month that does not exist yet, and to the boundary month: neither waits.
      await insertEntries([vbu.pointAdded(randomUUID(), "2020-12-05T10:00:00Z", "observed")]);
      await insertEntries([vbu.pointAdded(randomUUID(), `${BOUNDARY.slice(0, 7)}-09T10:00:00Z`, "stalled")]);
    });
    expect(waited).toBe(true);
    await toFoldedRow;

    const after = await deltaRows();
    // The one delta that waited is the one row before the boundary; the new old month's was folded.
    expect(after.filter((r) => r.month < BOUNDARY)).toEqual([
      { field: "status", vbu_id: old!.vbu_id, month: old!.month, value: old!.value, delta: 1 },
    ]);
    const reads = await readAll(views);
    // The same as the whole history, unfolded, reads.
    await refillFromHistory();
    expect(asRead(after, BOUNDARY)).toEqual(asRead(await deltaRows(), BOUNDARY));
    expect(reads).toEqual(await readAll(views));
  }, 120_000);

  it("lets a second fold at once wait for the first, and fold nothing more", async () => {
    await seedYears();
    const before = await deltaRows();
    let second: Promise<void> | undefined;
    let waited = false;
    await foldHeld(async (backend) => {
      second = foldTrendDeltas(NOW);
      waited = await untilWaitingOrEnded(backend, second);
    });
    expect(waited).toBe(true);
    await second;
    expect(await deltaRows()).toEqual(folded(before, BOUNDARY));
  });
});
