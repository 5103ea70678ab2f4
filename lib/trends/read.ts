import "server-only";
import { and, desc, eq, type SQL, sql } from "drizzle-orm";
import { type Database, getDb } from "../../db/client";
import {
  changeHistory,
  trendMonthCounts,
  trendMonthKeys,
  type LifecycleLane,
  lifecycleLane,
  type ProofPointStatus,
  proofPointStatus,
  users,
} from "../../db/schema";
import type { Actor } from "../auth/roles";
import type { SearchParams } from "../board/filters";
import { parseTrendsFilters, TRENDS_MONTHS, type TrendMonth, trendMonths, type TrendsFilters } from "./filters";

// The portfolio's trends, all of them read from the change history (drizzle/0011): how many
// proof points were in each status, and how many VBUs in each lane, at the end of each of the last
// TRENDS_MONTHS months (this one as of now), and the lane moves in that time. A closed month never
// changes, so its month-end state is stored once, per VBU (drizzle/0014: store_trend_months fills
// it the first time it is asked for, a trigger on the history forgets it if an entry is ever dated
// into it), and only this month is reconstructed live, from last month's stored state per key and
// this month's entries. The filters choose VBUs, so a filtered read is a GROUP BY over the stored
// rows of the VBUs chosen. Five queries whatever the number of VBUs or
// entries (six with a GM filter, for the GM's name): one that stores any closed month not stored
// yet, then four side by side; no query per month, per VBU or per proof point
// (tests/trends/query-count.test.ts).

export type StatusCounts = Record<ProofPointStatus, number>;
export type LaneCounts = Record<LifecycleLane, number>;

/** A VBU moved between lanes, as the history recorded it: its name then, and who moved it. */
export interface LaneMove {
  vbuId: string;
  vbuName: string;
  from: LifecycleLane;
  to: LifecycleLane;
  /** ISO timestamp. */
  at: string;
  actorName: string;
}

export interface Trends {
  /** The months, oldest first; the last is this month, so far. */
  months: TrendMonth[];
  /** Proof points by status at each month's end (aligned with `months`). */
  proofPoints: StatusCounts[];
  /** VBUs by lane at each month's end (aligned with `months`). */
  lanes: LaneCounts[];
  /** How many lane moves each month (aligned with `months`). */
  moves: number[];
  /** The latest lane moves of the period, newest first (at most LATEST_MOVES). */
  latestMoves: LaneMove[];
  /** The board's filters applied. */
  filters: TrendsFilters;
  /** The name of the GM filtered by, or null (no such person, or no GM filter). */
  gmName: string | null;
}

/** How many of the period's lane moves the page lists. */
export const LATEST_MOVES = 20;

// The history's words, written in as literals (constants of the code): the same SQL the bench times.
const text = (value: string) => sql.raw(`'${value}'`);

/** The month an entry falls in, counted from the first month of the period (0), in UTC. */
const monthIndex = (at: SQL, firstMonth: number) =>
  sql`((date_part('year', ${at} AT TIME ZONE 'UTC') * 12 + date_part('month', ${at} AT TIME ZONE 'UTC'))::int - ${firstMonth}::int)`;

/** year * 12 + month of a YYYY-MM-01 date: what monthIndex subtracts. */
const monthNumber = (month: string) => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7));

/** LIKE's wildcards taken literally (as the board's search does): a search for "100%" finds "100%". */
const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * The VBUs the filters count, as a condition on an entry's VBU id: those that match as they are now
 * (GM, name or product name, lane), and those deleted since that matched as they were when deleted
 * (their deletion entries list their last GM, name, product name and lane). Null without filters.
 */
function matchingVbus(vbuId: SQL, actor: Actor, filters: TrendsFilters): SQL | null {
  const now: SQL[] = [];
  const gone: SQL[] = [];
  if (filters.gm) {
    now.push(sql`v.gm_id = ${filters.gm}`);
    gone.push(sql`d.changes->'gm_id'->>0 = ${filters.gm}`);
  }
  if (filters.mine) {
    now.push(sql`v.gm_id = ${actor.id}`);
    gone.push(sql`d.changes->'gm_id'->>0 = ${actor.id}`);
  }
  if (filters.q) {
    const pattern = likePattern(filters.q);
    now.push(sql`(v.name ILIKE ${pattern} OR c.product_name ILIKE ${pattern})`);
    gone.push(sql`(d.changes->'name'->>0 ILIKE ${pattern} OR cd.changes->'product_name'->>0 ILIKE ${pattern})`);
  }
  if (filters.lane) {
    now.push(sql`c.lifecycle_lane = ${filters.lane}`);
    gone.push(sql`cd.changes->'lifecycle_lane'->>0 = ${filters.lane}`);
  }
  if (now.length === 0) return null;
  return sql`${vbuId} IN (
    SELECT v.id FROM vbus v JOIN canvases c ON c.vbu_id = v.id WHERE ${sql.join(now, sql` AND `)}
    UNION ALL
    SELECT d.vbu_id FROM ${changeHistory} d
      LEFT JOIN ${changeHistory} cd ON cd.vbu_id = d.vbu_id AND cd.subject = ${text("canvas")} AND cd.action = ${text("deleted")}
    WHERE d.subject = ${text("vbu")} AND d.action = ${text("deleted")} AND ${sql.join(gone, sql` AND `)})`;
}

interface Period {
  /** monthNumber of the first month. */
  first: number;
  /** The first instant of the first month, ISO. */
  start: string;
  /** The closed months (YYYY-MM-01), oldest first: all but this one. */
  closed: string[];
  /** This month's first day (YYYY-MM-01). */
  current: string;
  /** Now, ISO: later entries (none, but for a clock that is off) are not counted. */
  end: string;
}

const periodOf = (now: Date): Period => {
  const months = trendMonths(now).map((m) => m.month);
  const first = months[0]!;
  return {
    first: monthNumber(first),
    start: `${first}T00:00:00.000Z`,
    closed: months.slice(0, -1),
    current: months.at(-1)!,
    end: now.toISOString(),
  };
};

const dates = (months: string[]) =>
  sql`ARRAY[${sql.join(
    months.map((m) => sql`${m}::date`),
    sql`, `,
  )}]`;

/**
 * How many keys (proof points, or VBUs) had each value of `field` at each month's end: rows of
 * (month index, value, count), a value only where its count is not zero. Closed months are the
 * stored counts per VBU (storeQuery fills them first). This month is each key's latest entry this
 * month, else its value at last month's end (stored per key), less the VBUs deleted by now: its
 * cost grows with this month's entries, not with the whole history.
 */
function stateCountsQuery(
  db: Pick<Database, "select">,
  what: { subject: "proof_point" | "canvas"; key: "proof_point_id" | "vbu_id"; field: "status" | "lifecycle_lane" },
  period: Period,
  vbuFilter: SQL | null,
) {
  const end = sql`${period.end}::timestamptz`;
  const monthStart = sql`${`${period.current}T00:00:00.000Z`}::timestamptz`;
  const last = period.closed.at(-1)!;
  const key = sql.raw(`h.${what.key}`);
  const field = text(what.field);
  const counted = sql`(
    WITH latest AS (
      SELECT DISTINCT ON (${key}) ${key} AS key_id, h.vbu_id, h.changes->${field}->>1 AS value
      FROM ${changeHistory} h
      WHERE h.at >= ${monthStart} AND h.at <= ${end} AND h.subject = ${text(what.subject)} AND h.changes ? ${field}
      ORDER BY ${key}, h.at DESC, h.id DESC
    ), states AS (
      SELECT ((date_part('year', t.month) * 12 + date_part('month', t.month))::int - ${period.first}::int) AS month,
        t.vbu_id, t.value, t.count
      FROM ${trendMonthCounts} t
      WHERE t.field = ${field} AND t.month >= ${period.closed[0]!}::date AND t.month <= ${last}::date
      UNION ALL
      SELECT ${sql.raw(String(TRENDS_MONTHS - 1))}, coalesce(l.vbu_id, k.vbu_id),
        CASE WHEN l.key_id IS NULL THEN k.value ELSE l.value END, 1
      FROM latest l
        FULL JOIN (SELECT * FROM ${trendMonthKeys} WHERE month = ${last}::date AND field = ${field}) k
        ON k.key_id = l.key_id
      WHERE (l.key_id IS NULL OR l.value IS NOT NULL)
        AND coalesce(l.vbu_id, k.vbu_id) NOT IN (
          SELECT d.vbu_id FROM ${changeHistory} d
          WHERE d.subject = ${text("vbu")} AND d.action = ${text("deleted")} AND d.at <= ${end})
    )
    SELECT s.month, s.value, sum(s.count)::int AS count
    FROM states s
    ${vbuFilter ? sql`WHERE ${vbuFilter}` : sql``}
    GROUP BY s.month, s.value
  ) AS counted`;
  return db
    .select({
      month: sql<number>`counted.month`.mapWith(Number),
      value: sql<string>`counted.value`,
      count: sql<number>`counted.count`.mapWith(Number),
    })
    .from(counted);
}

/** Stores the period's closed months not stored yet (drizzle/0014): how many it stored, 0 once they are. */
const storeQuery = (db: Pick<Database, "select">, period: Period) =>
  db
    .select({ stored: sql<number>`stored.n`.mapWith(Number) })
    .from(sql`store_trend_months(${dates(period.closed)}) AS stored(n)`);

/**
 * The trends' queries for these filters at `now`, built and not run (getTrends runs `store`
 * first, then the others side by side; a bench can time their SQL with toSQL()): the closed
 * months stored, proof points by status and VBUs by lane at each month's end, lane moves per
 * month, and the latest lane moves.
 */
export function trendsQueries(db: Pick<Database, "select">, actor: Actor, filters: TrendsFilters, now: Date) {
  const period = periodOf(now);
  const h = changeHistory;
  const isMove = and(
    sql`${h.subject} = ${text("canvas")} AND ${h.action} = ${text("changed")} AND ${h.changes} ? ${text("lifecycle_lane")}`,
    sql`${h.at} >= ${period.start}::timestamptz AND ${h.at} <= ${period.end}::timestamptz`,
    matchingVbus(sql`${h.vbuId}`, actor, filters) ?? undefined,
  );
  const month = monthIndex(sql`${h.at}`, period.first);
  return {
    store: storeQuery(db, period),
    statuses: stateCountsQuery(
      db,
      { subject: "proof_point", key: "proof_point_id", field: "status" },
      period,
      matchingVbus(sql`s.vbu_id`, actor, filters),
    ),
    lanes: stateCountsQuery(
      db,
      { subject: "canvas", key: "vbu_id", field: "lifecycle_lane" },
      period,
      matchingVbus(sql`s.vbu_id`, actor, filters),
    ),
    moves: db
      .select({ month: sql<number>`${month}`.mapWith(Number), count: sql<number>`count(*)::int`.mapWith(Number) })
      .from(h)
      .where(isMove)
      // By position: the month's expression carries parameters, and a repeated one would not match.
      .groupBy(sql`1`),
    latestMoves: db
      .select({
        vbuId: h.vbuId,
        vbuName: h.vbuName,
        from: sql<string | null>`${h.changes}->'lifecycle_lane'->>0`,
        to: sql<string | null>`${h.changes}->'lifecycle_lane'->>1`,
        at: h.at,
        actorName: h.actorName,
      })
      .from(h)
      .where(isMove)
      .orderBy(desc(h.at), desc(h.id))
      .limit(LATEST_MOVES),
  };
}

const STATUSES = proofPointStatus.enumValues;
const LANE_VALUES = lifecycleLane.enumValues;
const isStatus = (value: string | null): value is ProofPointStatus => STATUSES.includes(value as ProofPointStatus);
const isLane = (value: string | null): value is LifecycleLane => LANE_VALUES.includes(value as LifecycleLane);

const zeroes = <K extends string>(keys: readonly K[]) =>
  Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

/** Rows of (month, value, count) as one record of counts per month, every known value present. */
function perMonth<K extends string>(
  rows: { month: number; value: string; count: number }[],
  keys: readonly K[],
): Record<K, number>[] {
  const months = Array.from({ length: TRENDS_MONTHS }, () => zeroes(keys));
  for (const { month, value, count } of rows) {
    if (month >= 0 && month < TRENDS_MONTHS && keys.includes(value as K)) months[month]![value as K] = count;
  }
  return months;
}

/**
 * The portfolio's trends at `now` for a URL's raw search parameters (the board's, of which the
 * VBU filters apply; anything unusable is ignored). Everyone signed in reads them.
 */
export async function getTrends(actor: Actor, params: SearchParams, now: Date = new Date()): Promise<Trends> {
  const db = getDb();
  const filters = parseTrendsFilters(params);
  const queries = trendsQueries(db, actor, filters, now);
  // First, so that the reads find every closed month stored (a no-op once they are).
  await queries.store;
  const [statusRows, laneRows, moveRows, latestRows, gmRows] = await Promise.all([
    queries.statuses,
    queries.lanes,
    queries.moves,
    queries.latestMoves,
    filters.gm ? db.select({ name: users.name }).from(users).where(eq(users.id, filters.gm)) : [],
  ]);
  const moves = Array.from({ length: TRENDS_MONTHS }, () => 0);
  for (const { month, count } of moveRows) if (month >= 0 && month < TRENDS_MONTHS) moves[month] = count;
  const latestMoves: LaneMove[] = [];
  for (const row of latestRows) {
    if (!isLane(row.from) || !isLane(row.to)) continue;
    latestMoves.push({ ...row, from: row.from, to: row.to, at: new Date(row.at).toISOString() });
  }
  return {
    months: trendMonths(now),
    proofPoints: perMonth(
      statusRows.filter((r) => isStatus(r.value)),
      STATUSES,
    ),
    lanes: perMonth(
      laneRows.filter((r) => isLane(r.value)),
      LANE_VALUES,
    ),
    moves,
    latestMoves,
    filters,
    gmName: gmRows[0]?.name ?? null,
  };
}
