import "server-only";
import { and, asc, eq, inArray, type SQL, sql } from "drizzle-orm";
import { type Database, getDb } from "../../db/client";
import {
  attachments,
  boardCards,
  canvases,
  changeHistory,
  type LifecycleLane,
  proofPoints,
  theses,
  users,
} from "../../db/schema";
import type { Actor } from "../auth/roles";
import { type BoardFilters, parseBoardFilters, type SearchParams } from "../board/filters";
import {
  BY_NAME,
  boardFilterConditions,
  boardQueries,
  boardReviewJoins,
  runsAVbu,
  unusableBoardFilter,
} from "../board/read";
import { isOverdue, laneLabel, PROOF_POINT_STATUS_LABELS } from "../canvas/vocabulary";
import { labelPeople } from "../people";
import type { ProofPointExportRow } from "./proof-points-columns";

// The proof point export (issue 16): every proof point of the VBUs the board's filters let
// through, in lane order and by VBU name, then by thesis and as listed on the canvas. Everyone
// signed in reads every VBU's canvas, as on the board; proof points are never drafts. Read in
// keyset-paginated batches of VBUS_PER_BATCH VBUs so a thousand VBUs stream rather than sit in
// memory: one query for the filters' GMs, then two per batch (the next VBUs, their proof points).

/** VBUs read per batch: at most a few thousand rows at a time. */
export const VBUS_PER_BATCH = 100;

/** The filters an export applies, and the name of the GM filtered by, for saying them in words. */
export interface AppliedExportFilters {
  filters: BoardFilters;
  gmName: string | null;
}

/**
 * The board's filters in these parameters, given the board's treatment: what it cannot read is
 * ignored (lib/board/filters.ts), and a GM it does not offer or My VBUs for someone who runs none
 * is dropped (lib/board/read.ts unusableBoardFilter), as the board's redirect drops them. One query.
 */
export async function appliedExportFilters(
  actor: Actor,
  params: SearchParams,
  now: Date = new Date(),
): Promise<AppliedExportFilters> {
  let filters: BoardFilters = { ...parseBoardFilters(params), lane: undefined };
  const gmRows = await boardQueries(getDb(), actor, filters, now).gms;
  const offered = { gmIds: gmRows.map((gm) => gm.id), youRunVbus: runsAVbu(gmRows, actor.id) };
  for (let unusable = unusableBoardFilter(filters, offered); unusable;) {
    filters = { ...filters, [unusable]: undefined };
    unusable = unusableBoardFilter(filters, offered);
  }
  const gm = filters.gm ? labelPeople(gmRows).find((person) => person.id === filters.gm) : undefined;
  return { filters, gmName: gm?.label ?? null };
}

/** A request's query string as the board's pages receive it: a repeated key as an array. */
export function searchParamsOf(url: URL): SearchParams {
  const params: SearchParams = {};
  for (const key of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(key);
    params[key] = values.length === 1 ? values[0] : values;
  }
  return params;
}

// ---------------------------------------------------------------------------- the batches

/** Where a batch of VBUs ends: the next one starts after it, in the same order. */
interface VbuKey {
  id: string;
  name: string;
  /** lower(name) as the database computes it, so the next batch compares like with like. */
  sortName: string;
  lane: LifecycleLane;
}

const vbuSortName = sql<string>`lower(${boardCards.name})`;

/** After this VBU in the board's (lane, name whatever the case, name, id) order: the keyset of the next batch. */
const after = (key: VbuKey): SQL =>
  sql`(${boardCards.lane}, ${vbuSortName}, ${boardCards.name}, ${boardCards.vbuId}) > (${key.lane}::lifecycle_lane, ${key.sortName}, ${key.name}, ${key.id}::uuid)`;

/** The next VBUs the filters let through, after `from`, built and not run: read from ix_board_cards_lane_name. */
function vbuBatchQuery(
  db: Pick<Database, "select">,
  actor: Actor,
  filters: BoardFilters,
  now: Date,
  from: VbuKey | null,
  limit: number,
) {
  const reviews = boardReviewJoins(now);
  return db
    .select({
      id: boardCards.vbuId,
      name: boardCards.name,
      sortName: vbuSortName,
      lane: boardCards.lane,
      gmName: users.name,
    })
    .from(boardCards)
    .innerJoin(canvases, eq(canvases.id, boardCards.canvasId))
    .innerJoin(users, eq(users.id, boardCards.gmId))
    .leftJoin(...reviews.previous)
    .leftJoin(...reviews.current)
    .where(and(...boardFilterConditions(actor, filters, now), from ? after(from) : undefined))
    .orderBy(asc(boardCards.lane), ...BY_NAME)
    .limit(limit);
}

/**
 * "Last changed" is the proof point's latest change history entry (its own, and its evidence's:
 * what the history page lists for it), by ix_change_history_proof_point. Not updated_at: proof
 * points have no updated_by to say who, and the history keeps the name the person had then, even
 * once they are deleted. A proof point from before the history began has no entry: its
 * updated_at, by nobody named.
 */
const latestEntry = <T>(column: SQL | typeof changeHistory.at | typeof changeHistory.actorName) =>
  sql<T>`(SELECT ${column} FROM ${changeHistory} WHERE ${changeHistory.proofPointId} = ${proofPoints.id}
    ORDER BY ${changeHistory.id} DESC LIMIT 1)`;

/** The proof points of these VBUs, by VBU, thesis and as listed, built and not run. */
function proofPointsQuery(db: Pick<Database, "select">, vbuIds: string[]) {
  return db
    .select({
      vbuId: canvases.vbuId,
      thesisNumber: theses.order,
      thesis: theses.text,
      description: proofPoints.description,
      status: proofPoints.status,
      targetReviewMonth: proofPoints.targetReviewMonth,
      updatedAt: proofPoints.updatedAt,
      evidenceFiles: sql<number>`(SELECT count(*) FROM ${attachments} WHERE ${attachments.proofPointId} = ${proofPoints.id})::int`,
      lastEntryAt: latestEntry<Date | string | null>(changeHistory.at),
      lastEntryBy: latestEntry<string | null>(changeHistory.actorName),
    })
    .from(proofPoints)
    .innerJoin(theses, eq(theses.id, proofPoints.thesisId))
    .innerJoin(canvases, eq(canvases.id, theses.canvasId))
    .where(inArray(canvases.vbuId, vbuIds))
    .orderBy(asc(canvases.vbuId), asc(theses.order), asc(proofPoints.addedSeq));
}

/** A timestamp a subquery returned, as the driver sends it (text on one engine, a Date on another). */
const asDate = (value: Date | string): Date => (value instanceof Date ? value : new Date(value));

export interface ExportOptions {
  /** "Now", for the overdue flag and the review filter (tests pass their own). */
  now?: Date;
  vbusPerBatch?: number;
}

/**
 * The export's rows, a batch of VBUs at a time (a batch whose VBUs have no proof points is
 * empty). Each batch reads the database as it is then: a VBU renamed during a long export may
 * be listed twice or not at all, as with any paged read.
 */
export async function* proofPointBatches(
  actor: Actor,
  filters: BoardFilters,
  { now = new Date(), vbusPerBatch = VBUS_PER_BATCH }: ExportOptions = {},
): AsyncGenerator<ProofPointExportRow[]> {
  const db = getDb();
  let from: VbuKey | null = null;
  for (;;) {
    const batch = await vbuBatchQuery(db, actor, filters, now, from, vbusPerBatch);
    if (batch.length === 0) return;
    const points = await proofPointsQuery(
      db,
      batch.map((vbu) => vbu.id),
    );
    const byVbu = new Map<string, typeof points>();
    for (const point of points) byVbu.set(point.vbuId, [...(byVbu.get(point.vbuId) ?? []), point]);
    yield batch.flatMap((vbu) =>
      (byVbu.get(vbu.id) ?? []).map((point): ProofPointExportRow => ({
        vbu: vbu.name,
        lane: laneLabel(vbu.lane),
        gm: vbu.gmName,
        thesisNumber: point.thesisNumber,
        thesis: point.thesis,
        proofPoint: point.description,
        status: PROOF_POINT_STATUS_LABELS[point.status],
        targetReviewMonth: point.targetReviewMonth?.slice(0, 7) ?? null,
        overdue: isOverdue(point, now),
        evidenceFiles: point.evidenceFiles,
        lastChangedAt: asDate(point.lastEntryAt ?? point.updatedAt),
        lastChangedBy: point.lastEntryBy,
      })),
    );
    if (batch.length < vbusPerBatch) return;
    from = batch.at(-1)!;
  }
}
