import "server-only";
import { and, eq, inArray, lt, type SQL, sql } from "drizzle-orm";
import { getDb } from "../../db/client";
import { trendDeltas } from "../../db/schema";
import type { Tx } from "../canvas/lock";
import { logger } from "../log";
import { TRENDS_MONTHS } from "./filters";

// The monthly fold of the trends' deltas (drizzle/0013, 0014), run by the job queue (FOLD_TRENDS in
// lib/jobs/queues.ts). The trigger adds rows per VBU, month and value for as long as the history
// grows, while the trends (lib/trends/read.ts) read the months before their period only as one sum,
// at its first month. So each VBU's rows of the months before the boundary are replaced by one row
// per field and value at the boundary month, holding their sum (none when it is 0): a read whose
// period starts at or after the boundary adds up exactly as before, its own months untouched and
// what came before still summing into its first month. A deleted VBU's correction moves its rows up
// to the month it went, which changes nothing for rows that are all before the period either way.
//
// The boundary is two months before the first month a read at `now` shows (TRENDS_MONTHS back, and
// one more): a read whose clock is up to two months behind the fold's still reads what it did.
//
// The trigger keeps writing while the fold runs, and one write's rows are of one VBU and one month,
// upserted in value order. Each batch of VBUs is one transaction that
// 1. locks the batch's rows before the boundary in the primary key's order (as another fold, or a
//    writer of an old month, takes them), so that none changes under it;
// 2. deletes them and adds exactly the deleted rows' sums (DELETE … RETURNING: a row written since
//    is neither deleted nor counted) to the boundary rows with the trigger's own upsert, in value
//    order: the one pass over the boundary month's rows, in a writer's order;
// 3. drops the boundary rows it wrote whose sum came to 0 (rows it holds: it waits for no one).
// A delta the trigger adds to a folded row meanwhile waits for the commit and then inserts a row of
// its own (summed by every read as it is, folded the next month). Writes of the current month, all
// the app makes, never meet the fold. Only writes dated before the boundary (an import) can, and two
// at once in a VBU the fold holds could deadlock with it: PostgreSQL fails one, and the job retries.

/** How many VBUs one transaction of the fold takes: its locks and its statements stay bounded. */
export const FOLD_BATCH_VBUS = 500;

// Tests set this to hold a batch right after it has locked the rows it folds, and force a race
// there (tests/trends/fold.test.ts); the app never sets it.
const testHooks = globalThis as unknown as { canvasTrendsFoldLocked?: (tx: Tx) => Promise<void> };

/** The fold's boundary at `now`: the month (YYYY-MM-01, UTC) that the months before it fold into. */
export function foldBoundary(now: Date): string {
  const month = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - TRENDS_MONTHS - 1, 1));
  return month.toISOString().slice(0, 10);
}

/** What a fold did, as it logs it. */
interface FoldCounts {
  /** VBUs that had rows before the boundary. */
  vbus: number;
  /** Rows before the boundary, deleted. */
  folded: number;
  /** Boundary rows written (inserted or added to). */
  written: number;
  /** Boundary rows dropped, their sum having come to 0. */
  dropped: number;
}

/**
 * Folds every VBU's trend deltas of the months before foldBoundary(now) into one row per field and
 * value at the boundary, in one transaction per `batchSize` VBUs. Run again, it does nothing.
 */
export async function foldTrendDeltas(now: Date, { batchSize = FOLD_BATCH_VBUS } = {}): Promise<void> {
  const db = getDb();
  const boundary = foldBoundary(now);
  const vbuRows = await db
    .selectDistinct({ vbuId: trendDeltas.vbuId })
    .from(trendDeltas)
    .where(lt(trendDeltas.month, boundary))
    .orderBy(trendDeltas.vbuId);
  const counts: FoldCounts = { vbus: vbuRows.length, folded: 0, written: 0, dropped: 0 };
  for (let start = 0; start < vbuRows.length; start += batchSize) {
    const vbuIds = vbuRows.slice(start, start + batchSize).map((r) => r.vbuId);
    const batch = await db.transaction((tx) => foldBatch(tx, vbuIds, boundary));
    counts.folded += batch.folded;
    counts.written += batch.written;
    counts.dropped += batch.dropped;
  }
  logger().info({ boundary, ...counts }, "trend deltas folded");
}

async function foldBatch(tx: Tx, vbuIds: string[], boundary: string): Promise<Omit<FoldCounts, "vbus">> {
  const t = trendDeltas;
  const before = and(inArray(t.vbuId, vbuIds), lt(t.month, boundary))!;
  // A first fold of years of history takes longer than a request's statement may; the job's expiry bounds it.
  await tx.execute(sql`SET LOCAL statement_timeout = '5min'`);
  await tx.execute(sql`
    SELECT count(*) FROM (
      SELECT 1 FROM ${t} WHERE ${before} ORDER BY ${t.field}, ${t.vbuId}, ${t.month}, ${t.value} FOR UPDATE
    ) AS locked`);
  await testHooks.canvasTrendsFoldLocked?.(tx);
  // One row at least (the count of rows folded), then one per boundary row written.
  const rows = rowsOf<{
    folded: number;
    field: string | null;
    vbu_id: string | null;
    value: string | null;
    delta: number | null;
  }>(
    await tx.execute(sql`
      WITH folded AS (
        DELETE FROM ${t} WHERE ${before}
        RETURNING ${t.field} AS field, ${t.vbuId} AS vbu_id, ${t.value} AS value, ${t.delta} AS delta
      ), written AS (
        INSERT INTO ${t} (field, vbu_id, month, value, delta)
        SELECT field, vbu_id, ${boundary}::date, value, sum(delta)::int FROM folded
        GROUP BY field, vbu_id, value HAVING sum(delta) <> 0
        ORDER BY field, vbu_id, value
        ON CONFLICT (field, vbu_id, month, value) DO UPDATE SET delta = trend_deltas.delta + excluded.delta
        RETURNING field, vbu_id, value, delta
      )
      SELECT f.folded, w.field, w.vbu_id, w.value, w.delta
      FROM (SELECT count(*)::int AS folded FROM folded) AS f LEFT JOIN written AS w ON true`),
  );
  const written = rows.filter((r) => r.field !== null);
  const zero = written.filter((r) => Number(r.delta) === 0);
  if (zero.length > 0) {
    const keys: SQL[] = zero.map((r) => sql`(${r.field}::varchar, ${r.vbu_id}::uuid, ${r.value}::text)`);
    await tx
      .delete(t)
      .where(
        and(
          eq(t.month, boundary),
          eq(t.delta, 0),
          sql`(${t.field}, ${t.vbuId}, ${t.value}) IN (${sql.join(keys, sql`, `)})`,
        ),
      );
  }
  return { folded: Number(rows[0]?.folded ?? 0), written: written.length, dropped: zero.length };
}

/** A raw query's rows: postgres.js answers an array of rows, PGlite an object holding them. */
const rowsOf = <T>(result: unknown): T[] => (Array.isArray(result) ? (result as T[]) : (result as { rows: T[] }).rows);
