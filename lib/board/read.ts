import "server-only";
import { and, asc, eq, inArray, or, type SQL, sql } from "drizzle-orm";
import { type Database, getDb } from "../../db/client";
import { canvases, type LifecycleLane, proofPoints, type ProofPointStatus, theses, users, vbus } from "../../db/schema";
import { type Actor, isAdmin } from "../auth/roles";
import {
  BOARD_LANE_CAP,
  type BoardFilters,
  type BoardStatusFilter,
  boardHref,
  canonicalBoardHref,
  parseBoardFilters,
  type SearchParams,
} from "./filters";
import { LANES, NEVER_OVERDUE, overdueCutoff } from "../canvas/vocabulary";
import { couldBeGm, labelPeople, type PersonChoice } from "../people";

// The board: every VBU as a card in its lane, with what its canvas is testing, its
// proof points counted by status and a flag for those overdue for review. Three queries
// whatever the number of VBUs (tests/board/query-count.test.ts): the cards, their counts, and
// the GMs for the filter. A lane shows its first BOARD_LANE_CAP cards unless it is expanded
// ("Show all"): a board of a thousand VBUs stays quick to read and to serve (docs/performance.md).

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
  /** "Now", for the overdue flag (tests pass their own). */
  now?: Date;
}

/** LIKE's wildcards taken literally: a search for "100%" finds "100%", not everything. */
const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The overdue rule of lib/canvas/vocabulary.ts in SQL: a review month before this one's, and not observed. */
const overdueCondition = (monthStart: string) =>
  // The status is a constant of the code, written in as a literal: the same SQL the bench times.
  sql`${proofPoints.targetReviewMonth} < ${monthStart}::date AND ${proofPoints.status} <> ${sql.raw(`'${NEVER_OVERDUE}'`)}`;

/** The canvas has a proof point in this status (or overdue): a semi-join, not a count. */
function hasProofPointIn(status: BoardStatusFilter, monthStart: string): SQL {
  const condition = status === "overdue" ? overdueCondition(monthStart) : sql`${proofPoints.status} = ${status}`;
  return sql`EXISTS (SELECT 1 FROM ${theses} INNER JOIN ${proofPoints} ON ${proofPoints.thesisId} = ${theses.id}
    WHERE ${theses.canvasId} = ${canvases.id} AND ${condition})`;
}

/**
 * The board's first two queries for these filters, built and not run: the shown cards (the
 * first BOARD_LANE_CAP of each lane, a lane in full when it is expanded, a GM's own first)
 * with what each is testing, and the GMs for the filter. getBoard runs them side by side; the
 * bench (scripts/bench-queries.ts) times their SQL bare.
 */
export function boardQueries(db: Pick<Database, "select">, actor: Actor, filters: BoardFilters, monthStart: string) {
  const expandLane = filters.lane;
  const where: SQL[] = [];
  if (filters.gm) where.push(eq(vbus.gmId, filters.gm));
  if (filters.mine) where.push(eq(vbus.gmId, actor.id));
  if (filters.status) where.push(hasProofPointIn(filters.status, monthStart));
  if (filters.q) {
    const pattern = likePattern(filters.q);
    where.push(sql`(${vbus.name} ILIKE ${pattern} OR ${canvases.productName} ILIKE ${pattern})`);
  }

  // Every matching VBU, numbered within its lane (a GM's own first; then by name whatever the
  // case, then as stored, then by id: one order on every engine) and counted per lane. Every
  // column is named, so the outer query can tell them apart. For admins and viewers the SQL is
  // the one the bench times (scripts/bench-queries.ts).
  const yoursFirst = actor.role === "gm";
  const isYours = sql<boolean>`${vbus.gmId} = ${actor.id}`;
  const laneOrder = sql`PARTITION BY ${canvases.lifecycleLane}`;
  const byName = sql`lower(${vbus.name}), ${vbus.name}, ${vbus.id}`;
  const cardOrder = yoursFirst ? sql`${isYours} DESC, ${byName}` : byName;
  const ranked = db
    .select({
      vbuId: sql<string>`${vbus.id}`.as("card_vbu_id"),
      vbuName: sql<string>`${vbus.name}`.as("card_vbu_name"),
      productName: sql<string | null>`${canvases.productName}`.as("card_product_name"),
      lane: sql<LifecycleLane>`${canvases.lifecycleLane}`.as("card_lane"),
      version: sql<number>`${canvases.version}`.as("card_version"),
      portfolioNotes: sql<string | null>`${canvases.portfolioNotes}`.as("card_portfolio_notes"),
      gmName: sql<string>`${users.name}`.as("card_gm_name"),
      testingType: sql<string | null>`${canvases.currentlyTestingType}`.as("card_testing_type"),
      testingId: sql<string | null>`${canvases.currentlyTestingId}`.as("card_testing_id"),
      position: sql<number>`(row_number() OVER (${laneOrder} ORDER BY ${cardOrder}))::int`.as("card_position"),
      laneTotal: sql<number>`(count(*) OVER (${laneOrder}))::int`.as("card_lane_total"),
      ...(yoursFirst ? { yours: isYours.as("card_yours") } : {}),
    })
    .from(vbus)
    .innerJoin(canvases, eq(canvases.vbuId, vbus.id))
    .innerJoin(users, eq(users.id, vbus.gmId))
    .where(where.length > 0 ? and(...where) : undefined)
    .as("ranked");

  const shown = expandLane
    ? sql`(${ranked.position} <= ${BOARD_LANE_CAP} OR ${ranked.lane} = ${expandLane})`
    : sql`${ranked.position} <= ${BOARD_LANE_CAP}`;
  // What each shown card is testing, in words: looked up by primary key for the shown cards
  // only (a join would have the planner scan every proof point for a dozen cards).
  const currentlyTesting = sql<string | null>`CASE ${ranked.testingType}
    WHEN 'thesis' THEN (SELECT ${theses.text} FROM ${theses} WHERE ${theses.id} = ${ranked.testingId})
    WHEN 'proof_point' THEN (SELECT ${proofPoints.description} FROM ${proofPoints} WHERE ${proofPoints.id} = ${ranked.testingId})
    END`;

  // Spelt out: in a one-table select Drizzle leaves columns unqualified, and "id" in here would be the VBU's.
  const runsVbus = sql<boolean>`EXISTS (SELECT 1 FROM "vbus" AS "run" WHERE "run"."gm_id" = "users"."id")`;
  const cardFields = {
    vbuId: ranked.vbuId,
    vbuName: ranked.vbuName,
    productName: ranked.productName,
    lane: ranked.lane,
    version: ranked.version,
    portfolioNotes: ranked.portfolioNotes,
    gmName: ranked.gmName,
    laneTotal: ranked.laneTotal,
    currentlyTesting,
  };
  const byPosition = sql`${ranked.position}`;
  return {
    // Only a GM's cards say whose they are: for anyone else the SQL stays the bench's.
    cards:
      yoursFirst && ranked.yours
        ? db
            .select({ ...cardFields, yours: ranked.yours })
            .from(ranked)
            .where(shown)
            .orderBy(byPosition)
        : db.select(cardFields).from(ranked).where(shown).orderBy(byPosition),
    gms: db
      .select({ id: users.id, name: users.name, email: users.email, runsVbus })
      .from(users)
      .where(filters.gm ? or(runsVbus, and(eq(users.id, filters.gm), couldBeGm)) : runsVbus)
      .orderBy(asc(users.name), asc(users.id)),
  };
}

/**
 * The board's third query, built and not run: the shown cards' proof points by status, and
 * how many are overdue, in one GROUP BY. A card without proof points has no row.
 */
export function boardCountsQuery(db: Pick<Database, "select">, vbuIds: string[], monthStart: string) {
  const countOf = (status: ProofPointStatus) =>
    sql<number>`(count(*) FILTER (WHERE ${proofPoints.status} = ${status}))::int`;
  return db
    .select({
      vbuId: canvases.vbuId,
      not_started: countOf("not_started"),
      in_progress: countOf("in_progress"),
      observed: countOf("observed"),
      stalled: countOf("stalled"),
      overdue: sql<number>`(count(*) FILTER (WHERE ${overdueCondition(monthStart)}))::int`,
    })
    .from(proofPoints)
    .innerJoin(theses, eq(theses.id, proofPoints.thesisId))
    .innerJoin(canvases, eq(canvases.id, theses.canvasId))
    .where(inArray(canvases.vbuId, vbuIds))
    .groupBy(canvases.vbuId);
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
  const db = getDb();
  const monthStart = overdueCutoff(now);
  const yoursFirst = actor.role === "gm";
  const queries = boardQueries(db, actor, filters, monthStart);
  const [rows, gmRows] = await Promise.all([queries.cards, queries.gms]);
  const countRows =
    rows.length === 0
      ? []
      : await boardCountsQuery(
          db,
          rows.map((r) => r.vbuId),
          monthStart,
        );
  const countsByVbu = new Map(countRows.map(({ vbuId, ...counts }) => [vbuId, counts]));

  const lanes = LANES.map(({ lane, label, blurb }): BoardLane => {
    const laneRows = rows.filter((r) => r.lane === lane);
    const total = laneRows[0]?.laneTotal ?? 0;
    return {
      lane,
      label,
      blurb,
      total,
      complete: laneRows.length === total,
      cards: laneRows.map((row) => {
        // A canvas without proof points has no counts row: zero of each.
        const { overdue = 0, ...counts } = countsByVbu.get(row.vbuId) ?? {
          not_started: 0,
          in_progress: 0,
          observed: 0,
          stalled: 0,
        };
        return {
          vbuId: row.vbuId,
          vbuName: row.vbuName,
          productName: row.productName,
          gmName: row.gmName,
          currentlyTesting: row.currentlyTesting,
          portfolioNotes: row.portfolioNotes,
          version: row.version,
          counts,
          overdue,
          yours: "yours" in row && row.yours === true,
        };
      }),
    };
  });
  const gms = labelPeople(gmRows, (gm) => (gm.runsVbus ? null : "runs no VBUs now"));
  const youRunVbus = gmRows.some((gm) => gm.id === actor.id && gm.runsVbus);
  return { lanes, gms, canMoveLanes: isAdmin(actor), youRunVbus, yoursFirst };
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
  if (filters.gm && !board.gms.some((gm) => gm.id === filters.gm)) {
    return { redirectTo: boardHref({ ...filters, gm: undefined }) };
  }
  // My VBUs for someone who runs none (a viewer following a GM's link, a GM whose last VBU
  // was reassigned) would always be empty, and the form does not offer it: the board without it.
  if (filters.mine && !board.youRunVbus) return { redirectTo: boardHref({ ...filters, mine: undefined }) };
  return { board, filters };
}
