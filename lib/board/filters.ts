import { z } from "../zod";
import { type LifecycleLane, lifecycleLane, proofPointStatus } from "../../db/schema";
import { OVERDUE_LABEL, PROOF_POINT_STATUS_LABELS } from "../canvas/vocabulary";
import { STALE_AFTER_DAYS } from "../history/vocabulary";
import { REVIEW_STATES, type ReviewState } from "../reviews/vocabulary";

// The board's URL and its filters, shared by the page, the filter form and lib/board/read.ts.
// No server-only here.

/** Where the board lives; its filters are in the query string. */
export const BOARD_PATH = "/board";

/** A status filter: VBUs with at least one proof point in that status, or one overdue for review. */
export const BOARD_STATUS_FILTERS = [...proofPointStatus.enumValues, "overdue"] as const;
export type BoardStatusFilter = (typeof BOARD_STATUS_FILTERS)[number];

export const BOARD_STATUS_FILTER_LABELS: Record<BoardStatusFilter, string> = {
  ...PROOF_POINT_STATUS_LABELS,
  overdue: OVERDUE_LABEL,
};

/** A review filter: VBUs whose card shows this review state (reviewStateOf, lib/reviews/vocabulary.ts). */
export type BoardReviewFilter = ReviewState["state"];

export const SEARCH_MAX = 100;

/**
 * How many cards a lane shows before "Show all": a board of a thousand VBUs stays quick to
 * read and to serve (docs/performance.md).
 */
export const BOARD_LANE_CAP = 8;

/** What a board URL asks for: the filters, and a lane to show in full. */
export interface BoardFilters {
  /** A GM's user id. */
  gm?: string;
  status?: BoardStatusFilter;
  /** The state of the review the VBU owes now: published, draft, due or overdue. */
  review?: BoardReviewFilter;
  /** Case-insensitive substring of the VBU name or the product name. */
  q?: string;
  /** "My VBUs": only the VBUs the signed-in person is GM of (?mine=1). */
  mine?: boolean;
  /** Only stale VBUs: neither canvas nor proof points changed since staleCutoff (?stale=1). */
  stale?: boolean;
  /** Not a filter: the lane whose every card is shown ("Show all"), not only the first few. */
  lane?: LifecycleLane;
}

const filterFields = {
  lane: z.enum(lifecycleLane.enumValues),
  // Ids are compared as text with the GMs listed: one spelling per id (PostgreSQL's is lowercase).
  gm: z.uuid().transform((id) => id.toLowerCase()),
  status: z.enum(BOARD_STATUS_FILTERS),
  review: z.enum(REVIEW_STATES),
  q: z
    .string()
    .trim()
    .min(1)
    .max(SEARCH_MAX)
    // Control characters never belong in a name (PostgreSQL refuses NUL outright).
    .refine((value) => !/[\u0000-\u001F\u007F]/.test(value)),
};

/** The one spelling of the My VBUs and the stale filters in a URL. */
const MINE = "1";
const STALE = "1";

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The stale rule, written once: a card is stale when the last change to its canvas or proof
 * points is at or before this moment, STALE_AFTER_DAYS before `now` (it has not changed for that
 * long). lib/board/read.ts compares with it in SQL, for the card's flag and the filter alike.
 */
export const staleCutoff = (now: Date): Date => new Date(now.getTime() - STALE_AFTER_DAYS * DAY_MS);

export type SearchParams = Record<string, string | string[] | undefined>;

const firstOf = (raw: string | string[] | undefined) => (Array.isArray(raw) ? raw[0] : raw);

/**
 * The filters in a board URL (?gm=…&status=…&review=…&q=…&mine=1&stale=1&lane=…). Each is checked on its own: an
 * invalid or blank one is ignored (the board shows as if it were absent), never an error page.
 */
export function parseBoardFilters(params: SearchParams): BoardFilters {
  const filters: BoardFilters = {};
  for (const key of ["gm", "status", "review", "q", "lane"] as const) {
    const value = firstOf(params[key]);
    if (value === undefined) continue;
    const parsed = filterFields[key].safeParse(value);
    // The keys and the schemas line up; TypeScript cannot see it through the loop.
    if (parsed.success) (filters as Record<string, string>)[key] = parsed.data;
  }
  if (firstOf(params.mine) === MINE) filters.mine = true;
  if (firstOf(params.stale) === STALE) filters.stale = true;
  return filters;
}

export const hasFilters = (filters: BoardFilters) =>
  Boolean(filters.gm || filters.status || filters.review || filters.q || filters.mine || filters.stale);

/** The board URL for these filters, for links and for coming back after sign-in. */
export function boardHref(filters: BoardFilters): string {
  const params = new URLSearchParams();
  if (filters.gm) params.set("gm", filters.gm);
  if (filters.status) params.set("status", filters.status);
  if (filters.review) params.set("review", filters.review);
  if (filters.q) params.set("q", filters.q);
  if (filters.mine) params.set("mine", MINE);
  if (filters.stale) params.set("stale", STALE);
  if (filters.lane) params.set("lane", filters.lane);
  return withQuery(params);
}

const withQuery = (params: URLSearchParams) => {
  const query = params.toString();
  return query ? `${BOARD_PATH}?${query}` : BOARD_PATH;
};

/** Raw search parameters as URLSearchParams, repeated ones repeated, in the order given. */
export function toSearchParams(params: SearchParams): URLSearchParams {
  const given = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) given.append(key, one);
  }
  return given;
}

/**
 * The one URL of the view these parameters ask for, when they are not already it (blank,
 * unusable, unknown or repeated parameters, or another order); null when they are.
 */
export function canonicalBoardHref(params: SearchParams): string | null {
  const href = boardHref(parseBoardFilters(params));
  return withQuery(toSearchParams(params)) === href ? null : href;
}
