import "server-only";
import { and, desc, eq, type SQL, sql } from "drizzle-orm";
import { type Database, getDb } from "../../db/client";
import {
  changeHistory,
  type LifecycleLane,
  lifecycleLane,
  type ProofPointStatus,
  proofPointStatus,
  trendDeltas,
  users,
} from "../../db/schema";
import type { Actor } from "../auth/roles";
import type { SearchParams } from "../board/filters";
import { parseTrendsFilters, TRENDS_MONTHS, type TrendMonth, trendMonths, type TrendsFilters } from "./filters";

// The portfolio's trends, all of them derived from the change history (drizzle/0011): how many
// proof points were in each status, and how many VBUs in each lane, at the end of each of the last
// TRENDS_MONTHS months (this one as of now), and the lane moves in that time. Four queries whatever
// the number of VBUs or entries (five with a GM filter, for the GM's name): no query per month,
// per VBU or per proof point (tests/trends/query-count.test.ts).
//
// The counts come from trend_deltas (drizzle/0013, 0014), which the database keeps as the history
// is written: per VBU and month, how many keys (proof points, or the VBU itself) entered or left
// each value. A month's count is the sum of the deltas up to it (older months fold into the
// first), less the deltas of entries after `now` (none, but for a clock that is off or a test's
// past "now"); and a VBU deleted in a month counts up to the month before, whatever its history
// says after.
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
  /** The first day of the last month (this one), YYYY-MM-DD. */
  last: string;
  /** The first instant of the first month, ISO. */
  start: string;
  /** Now, ISO: later entries (none, but for a clock that is off) are not counted. */
  end: string;
}

const periodOf = (now: Date): Period => {
  const months = trendMonths(now);
  const first = months[0]!.month;
  return {
    first: monthNumber(first),
    last: months[months.length - 1]!.month,
    start: `${first}T00:00:00.000Z`,
    end: now.toISOString(),
  };
};

/**
 * How the count of keys (proof points, or VBUs) with each value of `field` moved in each month up
 * to this one: rows of (month, value, change), the months before the period as its first month.
 * perMonth adds them up into each month's counts. One pass over the deltas, then corrections for
 * the few VBUs deleted (counted up to the month before, whatever their deltas say after) and for
 * entries after `now`.
 */
function countChangesQuery(
  db: Pick<Database, "select">,
  field: "status" | "lifecycle_lane",
  period: Period,
  vbuFilter: (vbuId: SQL) => SQL | null,
) {
  const end = sql`${period.end}::timestamptz`;
  const last = sql`${period.last}::date`;
  const stored = vbuFilter(sql`t.vbu_id`);
  const later = vbuFilter(sql`e.vbu_id`);
  const and_ = (condition: SQL | null) => (condition ? sql`AND ${condition}` : sql``);
  const changes = sql`(
    WITH gone AS (
      SELECT h.vbu_id, date_trunc('month', min(h.at) AT TIME ZONE 'UTC')::date AS month
      FROM ${changeHistory} h
      WHERE h.subject = ${text("vbu")} AND h.action = ${text("deleted")} AND h.at <= ${end}
      GROUP BY h.vbu_id
    )
    SELECT t.month, t.value, sum(t.delta) AS delta FROM ${trendDeltas} t
    WHERE t.field = ${text(field)} AND t.month <= ${last} ${and_(stored)}
    GROUP BY t.month, t.value
    UNION ALL
    SELECT CASE WHEN t.month >= g.month THEN t.month ELSE g.month END, t.value, -t.delta
    FROM gone g JOIN ${trendDeltas} t ON t.field = ${text(field)} AND t.vbu_id = g.vbu_id
    WHERE t.month <= ${last} ${and_(stored)}
    UNION ALL
    SELECT e.month, e.value, -e.delta FROM trend_entry_deltas e
    WHERE e.field = ${text(field)} AND e.at > ${end} AND e.month <= ${last}
      AND NOT EXISTS (SELECT 1 FROM gone g WHERE g.vbu_id = e.vbu_id) ${and_(later)}
  ) AS changes`;
  const month = sql`greatest(changes.month, ${period.start.slice(0, 10)}::date)`;
  return db
    .select({
      month: sql<string>`${month}::text`,
      value: sql<string>`changes.value`,
      change: sql<number>`sum(changes.delta)::int`.mapWith(Number),
    })
    .from(changes)
    .groupBy(sql`1`, sql`2`);
}

/**
 * The trends' queries for these filters at `now`, built and not run (getTrends runs them side
 * by side; a bench can time their SQL with toSQL()): proof points by status and VBUs by lane at
 * each month's end, lane moves per month, and the latest lane moves.
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
    statuses: countChangesQuery(db, "status", period, (vbuId) => matchingVbus(vbuId, actor, filters)),
    lanes: countChangesQuery(db, "lifecycle_lane", period, (vbuId) => matchingVbus(vbuId, actor, filters)),
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

/**
 * Rows of (month, value, change) added up into one record of counts per month (each month's count
 * is its change plus the month before's count), every known value present.
 */
function perMonth<K extends string>(
  rows: { month: string; value: string; change: number }[],
  keys: readonly K[],
  first: number,
): Record<K, number>[] {
  const changes = Array.from({ length: TRENDS_MONTHS }, () => zeroes(keys));
  for (const { month, value, change } of rows) {
    const index = monthNumber(month) - first;
    if (index >= 0 && index < TRENDS_MONTHS && keys.includes(value as K)) changes[index]![value as K] += change;
  }
  let running = zeroes(keys);
  return changes.map((change) => {
    running = Object.fromEntries(keys.map((k) => [k, running[k] + change[k]])) as Record<K, number>;
    return running;
  });
}

/**
 * The portfolio's trends at `now` for a URL's raw search parameters (the board's, of which the
 * VBU filters apply; anything unusable is ignored). Everyone signed in reads them.
 */
export async function getTrends(actor: Actor, params: SearchParams, now: Date = new Date()): Promise<Trends> {
  const db = getDb();
  const filters = parseTrendsFilters(params);
  const queries = trendsQueries(db, actor, filters, now);
  const { first } = periodOf(now);
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
      first,
    ),
    lanes: perMonth(
      laneRows.filter((r) => isLane(r.value)),
      LANE_VALUES,
      first,
    ),
    moves,
    latestMoves,
    filters,
    gmName: gmRows[0]?.name ?? null,
  };
}
