import "server-only";
import { and, asc, eq, or, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { type Database, getDb } from "../../db/client";
import {
  boardCards,
  canvases,
  changeHistory,
  type LifecycleLane,
  monthlyReviews,
  proofPoints,
  type ProofPointStatus,
  type ReviewHealth,
  type ReviewStatus,
  theses,
  users,
} from "../../db/schema";
import { type Actor, isAdmin } from "../auth/roles";
import {
  BOARD_LANE_CAP,
  type BoardFilters,
  type BoardReviewFilter,
  type BoardStatusFilter,
  boardHref,
  canonicalBoardHref,
  parseBoardFilters,
  type SearchParams,
  staleCutoff,
} from "./filters";
import { LANES, overdueCutoff } from "../canvas/vocabulary";
import type { HistorySubject } from "../history/vocabulary";
import { couldBeGm, labelPeople, type PersonChoice } from "../people";
import { isReviewOverdue, monthAt, type ReviewCell, type ReviewState, reviewStateOf } from "../reviews/vocabulary";

// The board: every VBU as a card in its lane, with what its canvas is testing, its
// proof points counted by status, a flag for those overdue for review, and the state of the
// monthly review the VBU owes now (lib/reviews/vocabulary.ts reviewStateOf), since when it is in
// its lane and whether it is stale, from the change history (drizzle/0011). A lane shows its first
// BOARD_LANE_CAP cards unless it is expanded ("Show all"). The cards are read from board_cards
// (drizzle/0015, 0016), which the database keeps current as canvases change: each lane's first
// cards come from one index in a scan that stops at the cap, and the status filters read the
// card's own counts, so the board costs about the same for ten thousand VBUs as for a thousand
// (docs/performance.md). Three queries whatever the number of VBUs (tests/board/query-count.test.ts):
// the cards, the lanes' totals, the GMs for the filter; and a GM's own cards, and a lane shown in full.

export type StatusCounts = Record<ProofPointStatus, number>;

export interface BoardCard {
  vbuId: string;
  vbuName: string;
  productName: string | null;
  gmName: string;
  /** What the canvas is testing now, in words, or null. */
  currentlyTesting: string | null;
  portfolioNotes: string | null;
  /** The canvas version the card was read at: a lane move carries it. */
  version: number;
  counts: StatusCounts;
  /** Proof points past their target review month and not observed. */
  overdue: number;
  /** The signed-in GM runs this VBU: it comes first in its lane (false for admins and viewers). */
  yours: boolean;
  /** The monthly review the VBU owes now: last month's until it is published, then this month's. */
  review: ReviewState;
  /**
   * When the VBU entered its lane: the latest history entry that set its canvas's lane, else
   * (a canvas from before the history) when the canvas was created.
   */
  inLaneSince: Date;
  /**
   * The last change to its canvas, theses, proof points or evidence (not a rename of the VBU, not
   * a review): the latest such history entry, else when the canvas was last updated.
   */
  lastChangedAt: Date;
  /** Nothing of the above changed for STALE_AFTER_DAYS (lastChangedAt at or before staleCutoff(now)). */
  stale: boolean;
}

export interface BoardLane {
  lane: LifecycleLane;
  label: string;
  blurb: string;
  cards: BoardCard[];
  /** How many VBUs match in this lane; more than cards.length when the lane is capped. */
  total: number;
  /** Whether every matching card is shown ("Show all" was chosen, or there are few). */
  complete: boolean;
}

export interface Board {
  lanes: BoardLane[];
  /**
   * Everyone who is GM of a VBU, by name, for the GM filter; and the GM filtered by, should they
   * no longer run one (a shared link outlives a reassignment), noted as such.
   */
  gms: PersonChoice[];
  /** Admins move VBUs between lanes on the board; everyone else reads it. */
  canMoveLanes: boolean;
  /** The signed-in person is GM of a VBU: the My VBUs filter is offered. */
  youRunVbus: boolean;
  /**
   * A GM's own VBUs come first in each lane, before the cap, so a crowded lane never hides
   * them; admins and viewers read every lane by name alone.
   */
  yoursFirst: boolean;
}

export interface BoardOptions {
  /** "Now", for the overdue flag, the review state and the stale flag (tests pass their own). */
  now?: Date;
}

/** LIKE's wildcards taken literally: a search for "100%" finds "100%", not everything. */
const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Each status's count on the card (drizzle/0016 keeps them). */
const CARD_COUNTS = {
  not_started: boardCards.notStarted,
  in_progress: boardCards.inProgress,
  observed: boardCards.observed,
  stalled: boardCards.stalled,
} as const satisfies Record<ProofPointStatus, unknown>;

/**
 * The canvas has a proof point in this status, or one overdue: its card's count, or its earliest
 * review month of a proof point not observed (the overdue rule, on the card) before this month's.
 */
function hasProofPointIn(status: BoardStatusFilter, monthStart: string): SQL {
  return status === "overdue" ? sql`${boardCards.openFrom} < ${monthStart}::date` : sql`${CARD_COUNTS[status]} > 0`;
}

// ---------------------------------------------------------------------------- the review state

// Each card's reviews of last month and this month, joined by (vbu_id, month): at most one row
// each (uq_monthly_reviews_vbu_month), and that index finds them.
const previousReview = alias(monthlyReviews, "previous_review");
const currentReview = alias(monthlyReviews, "current_review");

/** What the board's review state reads at `now`: last month, this month, and whether last month's review is late. */
export interface ReviewClock {
  previous: string;
  current: string;
  previousOverdue: boolean;
}

/** The months and the deadline, from lib/reviews/vocabulary.ts: the SQL below compares no dates of its own. */
export function reviewClock(now: Date): ReviewClock {
  const previous = monthAt(now, -1);
  return { previous, current: monthAt(now), previousOverdue: isReviewOverdue(previous, now) };
}

// Statuses and states are constants of the code, written in as literals: the same SQL the bench times.
const literal = (value: ReviewStatus | BoardReviewFilter) => sql.raw(`'${value}'`);
const PUBLISHED: ReviewStatus = "published";
const DRAFT: ReviewStatus = "draft";

/** One month's review as the card's state: published, draft, or due when there is none. */
const cellStateSql = (review: typeof previousReview | typeof currentReview) =>
  sql`CASE ${review.status} WHEN ${literal(PUBLISHED)} THEN ${literal("published")} WHEN ${literal(DRAFT)} THEN ${literal("draft")} ELSE ${literal("due")} END`;

/**
 * reviewStateOf (lib/reviews/vocabulary.ts) in SQL, on the two reviews joined to each card, for
 * the review filter: last month's review until it is published (overdue once past its due day),
 * then this month's. tests/board/review-state.test.ts holds the two together.
 */
const reviewStateSql = (clock: ReviewClock): SQL<BoardReviewFilter> =>
  sql`(CASE WHEN ${previousReview.status} IS DISTINCT FROM ${literal(PUBLISHED)}
    THEN (CASE WHEN ${clock.previousOverdue}::boolean THEN ${literal("overdue")} ELSE ${cellStateSql(previousReview)} END)
    ELSE ${cellStateSql(currentReview)} END)`;

/** A card's review of one month as reviewStateOf reads it, or null when there is none. */
const reviewCell = (status: ReviewStatus | null, health: ReviewHealth | null): ReviewCell | null =>
  status ? { status, health } : null;

// ---------------------------------------------------------------------------- the history

// Each card's latest history entries of two kinds, found by ix_change_history_vbu (vbu_id, id)
// read backwards from the VBU's newest entry: one short index scan per card. The subjects and
// the lane's key are constants of the code, written in as literals (the same SQL the bench times,
// and a partial index on them can serve a query only if they are).

/** The `at` of the VBU's latest history entry that meets the condition, or null when it has none. */
const latestEntryAt = (vbuId: SQL, condition: SQL) =>
  sql`(SELECT ${changeHistory.at} FROM ${changeHistory} WHERE ${changeHistory.vbuId} = ${vbuId} AND ${condition}
    ORDER BY ${changeHistory.id} DESC LIMIT 1)`;

/** The canvas's entries, as the triggers name their subject (lib/history/vocabulary.ts). */
const CANVAS: HistorySubject = "canvas";
/** A change to the canvas or its proof points: not the VBU's own (a rename, a new GM), not a review. */
const CANVAS_SUBJECTS: readonly HistorySubject[] = ["canvas", "thesis", "proof_point", "evidence"];
/** The lane's key in an entry's changes: its column's name ("lifecycle_lane"). */
const LANE_KEY = canvases.lifecycleLane.name;

/**
 * An entry that set the canvas's lane: its "added" entry, and every lane move. Lane entries are a
 * few among a VBU's many: a partial index on (vbu_id, id) with this very condition finds the latest
 * in one step, where ix_change_history_vbu reads back through all the VBU's entries.
 */
const SETS_LANE = sql.raw(`"change_history"."subject" = '${CANVAS}' AND "change_history"."changes" ? '${LANE_KEY}'`);
const CHANGES_CANVAS = sql.raw(
  `"change_history"."subject" IN (${CANVAS_SUBJECTS.map((subject) => `'${subject}'`).join(", ")})`,
);

/** When the VBU entered its current lane, else (no history yet) when its canvas was created. */
const inLaneSinceSql = (vbuId: SQL, canvasCreatedAt: SQL) =>
  sql`coalesce(${latestEntryAt(vbuId, SETS_LANE)}, ${canvasCreatedAt})`;

/** The last change to the canvas or its proof points, else (no history yet) when the canvas was updated. */
const lastChangedSql = (vbuId: SQL, canvasUpdatedAt: SQL) =>
  sql`coalesce(${latestEntryAt(vbuId, CHANGES_CANVAS)}, ${canvasUpdatedAt})`;

/**
 * The stale rule (lib/board/filters.ts staleCutoff) in SQL, for the card's flag and the filter
 * alike: one expression, one cutoff. tests/board/stale.test.ts holds the two together.
 */
const staleSql = (lastChanged: SQL, now: Date) =>
  sql<boolean>`(${lastChanged} <= ${staleCutoff(now).toISOString()}::timestamptz)`;

/** A timestamp the SQL computed, as the driver sends it (text on one engine, a Date on another), as a Date. */
const asDate = (value: unknown): Date => (value instanceof Date ? value : new Date(String(value)));

/**
 * The board's filters as conditions on a VBU's card joined to its canvas and its reviews of last
 * month and this month (boardReviewJoins): the board's cards and the exports (lib/export/) take
 * the same VBUs. Not `lane`: that only says which lane shows every card.
 */
export function boardFilterConditions(actor: Actor, filters: BoardFilters, now: Date): SQL[] {
  const monthStart = overdueCutoff(now);
  const where: SQL[] = [];
  if (filters.gm) where.push(eq(boardCards.gmId, filters.gm));
  if (filters.mine) where.push(eq(boardCards.gmId, actor.id));
  if (filters.status) where.push(hasProofPointIn(filters.status, monthStart));
  if (filters.review) where.push(sql`${reviewStateSql(reviewClock(now))} = ${filters.review}`);
  if (filters.stale) where.push(staleSql(lastChangedSql(sql`${boardCards.vbuId}`, sql`${canvases.updatedAt}`), now));
  if (filters.q) {
    const pattern = likePattern(filters.q);
    where.push(sql`(${boardCards.name} ILIKE ${pattern} OR ${canvases.productName} ILIKE ${pattern})`);
  }
  return where;
}

/** A lane's cards in the board's order: by name whatever the case, then as stored, then by id (ix_board_cards_lane_name). */
export const BY_NAME = [sql`lower(${boardCards.name})`, boardCards.name, boardCards.vbuId] as const;

/**
 * The joins of a VBU's reviews of last month and this month (what the review state and the
 * review filter read), each as leftJoin's arguments, after board_cards and canvases.
 */
export function boardReviewJoins(now: Date) {
  const clock = reviewClock(now);
  return {
    previous: [
      previousReview,
      and(eq(previousReview.vbuId, boardCards.vbuId), eq(previousReview.month, clock.previous)),
    ],
    current: [currentReview, and(eq(currentReview.vbuId, boardCards.vbuId), eq(currentReview.month, clock.current))],
  } as const;
}

/** The signed-in person runs a VBU, among the board's GM rows: the My VBUs filter is offered. */
export const runsAVbu = (gmRows: readonly { id: string; runsVbus: boolean }[], actorId: string): boolean =>
  gmRows.some((gm) => gm.id === actorId && gm.runsVbus);

/**
 * A filter the board cannot honour, which it drops (readBoard answers the URL without it): a GM
 * filter for no one it offers (a mistyped or stale link), and My VBUs for someone who runs none.
 */
export function unusableBoardFilter(
  filters: BoardFilters,
  offered: { gmIds: readonly string[]; youRunVbus: boolean },
): "gm" | "mine" | null {
  if (filters.gm && !offered.gmIds.includes(filters.gm)) return "gm";
  if (filters.mine && !offered.youRunVbus) return "mine";
  return null;
}

// ---------------------------------------------------------------------------- the queries

/**
 * The lanes whose first cards the board reads, in lane order: all but the one shown in full.
 * Constants of the code, written in as literals (the SQL the bench times).
 */
function laneList(expandLane: LifecycleLane | undefined): SQL {
  const lanes = LANES.filter(({ lane }) => lane !== expandLane)
    .map(({ lane }) => `'${lane}'`)
    .join(", ");
  return sql.raw(`unnest(ARRAY[${lanes}]::lifecycle_lane[]) WITH ORDINALITY AS board_lane(lane, position)`);
}
const laneOfList = sql<LifecycleLane>`board_lane.lane`;

/**
 * The board's queries for these filters, built and not run (getBoard runs them side by side; the
 * bench, scripts/bench-queries.ts, times their SQL bare):
 * - `cards`: the first cards of each lane, each read from ix_board_cards_lane_name in one short
 *   scan that stops at the cap, whatever the portfolio's size (a constant LIMIT: the planner's
 *   estimates, and so its plan, stay those of a few rows);
 * - `expanded`: the lane shown in full, if one is;
 * - `yours` (GMs only): the GM's own cards, which come first in their lanes;
 * - `totals`: how many VBUs match in each lane;
 * - `gms`: the GMs for the filter.
 * What a card shows beyond its row (its review, what it tests, its overdue count, when it entered
 * its lane and last changed) is read for the shown cards only.
 */
export function boardQueries(db: Pick<Database, "select">, actor: Actor, filters: BoardFilters, now: Date) {
  const monthStart = overdueCutoff(now);
  const reviews = boardReviewJoins(now);
  const where = boardFilterConditions(actor, filters, now);
  const yoursFirst = actor.role === "gm";

  // What each shown card is testing, in words: looked up by primary key.
  const currentlyTesting = sql<string | null>`CASE ${canvases.currentlyTestingType}
    WHEN 'thesis' THEN (SELECT ${theses.text} FROM ${theses} WHERE ${theses.id} = ${canvases.currentlyTestingId})
    WHEN 'proof_point' THEN (SELECT ${proofPoints.description} FROM ${proofPoints} WHERE ${proofPoints.id} = ${canvases.currentlyTestingId})
    END`;
  // Overdue depends on the month: the card's open review months before this one's, counted from the
  // card itself (the overdue rule of lib/canvas/vocabulary.ts, kept by drizzle/0019).
  const overdue = sql<number>`(SELECT count(*)::int FROM unnest(${boardCards.openMonths}) AS open_month
    WHERE open_month < ${monthStart}::date)`;
  const lastChanged = lastChangedSql(sql`${boardCards.vbuId}`, sql`${canvases.updatedAt}`);
  // Every column is named: the lateral subquery's columns are read by name from outside it.
  const cardFields = {
    vbuId: sql<string>`${boardCards.vbuId}`.as("card_vbu_id"),
    vbuName: sql<string>`${boardCards.name}`.as("card_vbu_name"),
    lane: sql<LifecycleLane>`${boardCards.lane}`.as("card_lane"),
    productName: sql<string | null>`${canvases.productName}`.as("card_product_name"),
    version: sql<number>`${canvases.version}`.as("card_version"),
    portfolioNotes: sql<string | null>`${canvases.portfolioNotes}`.as("card_portfolio_notes"),
    gmName: sql<string>`${users.name}`.as("card_gm_name"),
    currentlyTesting: currentlyTesting.as("card_currently_testing"),
    notStarted: sql<number>`${boardCards.notStarted}`.as("card_not_started"),
    inProgress: sql<number>`${boardCards.inProgress}`.as("card_in_progress"),
    observed: sql<number>`${boardCards.observed}`.as("card_observed"),
    stalled: sql<number>`${boardCards.stalled}`.as("card_stalled"),
    overdue: overdue.as("card_overdue"),
    previousStatus: sql<ReviewStatus | null>`${previousReview.status}`.as("card_previous_review_status"),
    previousHealth: sql<ReviewHealth | null>`${previousReview.health}`.as("card_previous_review_health"),
    currentStatus: sql<ReviewStatus | null>`${currentReview.status}`.as("card_current_review_status"),
    currentHealth: sql<ReviewHealth | null>`${currentReview.health}`.as("card_current_review_health"),
    inLaneSince: inLaneSinceSql(sql`${boardCards.vbuId}`, sql`${canvases.createdAt}`).as("card_in_lane_since"),
    lastChangedAt: lastChanged.as("card_last_changed_at"),
    stale: staleSql(lastChanged, now).as("card_stale"),
  };
  const cardsWhere = (...more: SQL[]) =>
    db
      .select(cardFields)
      .from(boardCards)
      .innerJoin(canvases, eq(canvases.id, boardCards.canvasId))
      .innerJoin(users, eq(users.id, boardCards.gmId))
      .leftJoin(...reviews.previous)
      .leftJoin(...reviews.current)
      .where(and(...where, ...more));

  // A GM's own cards are read apart (a GM runs a few), so each lane's scan reads only the others.
  const others = yoursFirst ? [sql`${boardCards.gmId} <> ${actor.id}`] : [];
  const laneCards = cardsWhere(eq(boardCards.lane, laneOfList), ...others)
    .orderBy(...BY_NAME)
    .limit(BOARD_LANE_CAP)
    .as("card");

  // Spelt out: in a one-table select Drizzle leaves columns unqualified, and "id" in here would be the VBU's.
  const runsVbus = sql<boolean>`EXISTS (SELECT 1 FROM "vbus" AS "run" WHERE "run"."gm_id" = "users"."id")`;
  return {
    cards: db
      .select({ ...laneCards._.selectedFields })
      .from(laneList(filters.lane))
      .innerJoinLateral(laneCards, sql`true`)
      .orderBy(sql`board_lane.position`, sql`lower(${laneCards.vbuName})`, laneCards.vbuName, laneCards.vbuId),
    expanded: filters.lane ? cardsWhere(eq(boardCards.lane, filters.lane), ...others).orderBy(...BY_NAME) : null,
    yours: yoursFirst ? cardsWhere(eq(boardCards.gmId, actor.id)).orderBy(asc(boardCards.lane), ...BY_NAME) : null,
    // Only the joins a filter reads are made: the planner drops a left join on a unique key that nothing reads.
    totals: db
      .select({ lane: boardCards.lane, total: sql<number>`count(*)::int` })
      .from(boardCards)
      .leftJoin(canvases, eq(canvases.id, boardCards.canvasId))
      .leftJoin(...reviews.previous)
      .leftJoin(...reviews.current)
      .where(and(...where))
      .groupBy(boardCards.lane),
    gms: db
      .select({ id: users.id, name: users.name, email: users.email, runsVbus })
      .from(users)
      .where(filters.gm ? or(runsVbus, and(eq(users.id, filters.gm), couldBeGm)) : runsVbus)
      .orderBy(asc(users.name), asc(users.id)),
  };
}

type CardRow = Awaited<NonNullable<ReturnType<typeof boardQueries>["yours"]>>[number];

/** A card's row as the board shows it, at `now`. */
function cardOf(row: CardRow, yours: boolean, now: Date): BoardCard {
  return {
    vbuId: row.vbuId,
    vbuName: row.vbuName,
    productName: row.productName,
    gmName: row.gmName,
    currentlyTesting: row.currentlyTesting,
    portfolioNotes: row.portfolioNotes,
    version: row.version,
    counts: { not_started: row.notStarted, in_progress: row.inProgress, observed: row.observed, stalled: row.stalled },
    overdue: row.overdue,
    yours,
    review: reviewStateOf(
      {
        previous: reviewCell(row.previousStatus, row.previousHealth),
        current: reviewCell(row.currentStatus, row.currentHealth),
      },
      now,
    ),
    inLaneSince: asDate(row.inLaneSince),
    lastChangedAt: asDate(row.lastChangedAt),
    stale: row.stale,
  };
}

/**
 * The board for these filters, lanes in lane order and cards by name, a GM's own first. Every
 * signed-in role reads every VBU: the actor decides whether the lane controls and the My VBUs
 * filter are offered, and whose VBUs come first.
 */
export async function getBoard(
  actor: Actor,
  filters: BoardFilters = {},
  { now = new Date() }: BoardOptions = {},
): Promise<Board> {
  const queries = boardQueries(getDb(), actor, filters, now);
  const [laneRows, expandedRows, yourRows, totalRows, gmRows] = await Promise.all([
    queries.cards,
    queries.expanded ?? [],
    queries.yours ?? [],
    queries.totals,
    queries.gms,
  ]);
  const rows = [...laneRows, ...expandedRows];
  const totals = new Map(totalRows.map((row) => [row.lane, row.total]));

  const lanes = LANES.map(({ lane, label, blurb }): BoardLane => {
    const total = totals.get(lane) ?? 0;
    const shown = [
      ...yourRows.filter((r) => r.lane === lane).map((row) => cardOf(row, true, now)),
      ...rows.filter((r) => r.lane === lane).map((row) => cardOf(row, false, now)),
    ].slice(0, filters.lane === lane ? undefined : BOARD_LANE_CAP);
    return { lane, label, blurb, total, complete: shown.length === total, cards: shown };
  });
  const gms = labelPeople(gmRows, (gm) => (gm.runsVbus ? null : "runs no VBUs now"));
  const youRunVbus = runsAVbu(gmRows, actor.id);
  return { lanes, gms, canMoveLanes: isAdmin(actor), youRunVbus, yoursFirst: actor.role === "gm" };
}

/** What a board URL shows: the board for its filters, or the one URL to go to instead. */
export type BoardView = { board: Board; filters: BoardFilters } | { redirectTo: string };

/**
 * The board a URL's raw search parameters ask for. One URL per view: blank and unusable
 * parameters (the GET form sends every field) answer the clean URL to go to instead. A GM
 * filter for no one who could be a GM (a mistyped or stale link) would filter by nobody while
 * the form showed "All GMs": it answers the same view without that filter; so does My VBUs
 * for someone who runs no VBU.
 */
export async function readBoard(actor: Actor, params: SearchParams, options: BoardOptions = {}): Promise<BoardView> {
  const canonical = canonicalBoardHref(params);
  if (canonical) return { redirectTo: canonical };
  const filters = parseBoardFilters(params);
  const board = await getBoard(actor, filters, options);
  // My VBUs for someone who runs none (a viewer following a GM's link, a GM whose last VBU
  // was reassigned) would always be empty, and the form does not offer it: the board without it.
  const unusable = unusableBoardFilter(filters, { gmIds: board.gms.map((gm) => gm.id), youRunVbus: board.youRunVbus });
  if (unusable) return { redirectTo: boardHref({ ...filters, [unusable]: undefined }) };
  return { board, filters };
}
