import { type BoardFilters, parseBoardFilters, type SearchParams } from "../board/filters";

// The trends page's URL, its filters and its months, for the server and the browser alike (no
// server-only here). The page takes the board's query string as it is: of the board's filters it
// applies those that say which VBUs to count (GM, search, My VBUs, lane); status and review
// describe a VBU now, not over a year, and are ignored, like anything unusable.

export const TRENDS_PATH = "/trends";

/** How many months the page reads, this one (so far) included. */
export const TRENDS_MONTHS = 12;

/** The board's filters the trends apply: which VBUs are counted. */
export type TrendsFilters = Pick<BoardFilters, "gm" | "q" | "mine" | "lane">;

/** The trends filters in a URL: parsed as the board parses them (parseBoardFilters), the rest ignored. */
export function parseTrendsFilters(params: SearchParams): TrendsFilters {
  return trendsFiltersOf(parseBoardFilters(params));
}

/** The board's view as the trends read it: the filters that choose VBUs, not proof points or reviews. */
export function trendsFiltersOf({ gm, q, mine, lane }: BoardFilters): TrendsFilters {
  const filters: TrendsFilters = {};
  if (gm) filters.gm = gm;
  if (q) filters.q = q;
  if (mine) filters.mine = true;
  if (lane) filters.lane = lane;
  return filters;
}

export const hasTrendsFilters = (filters: TrendsFilters) =>
  Boolean(filters.gm || filters.q || filters.mine || filters.lane);

/** The trends URL for these filters, spelt as the board spells them. */
export function trendsHref(filters: TrendsFilters): string {
  const params = new URLSearchParams();
  if (filters.gm) params.set("gm", filters.gm);
  if (filters.q) params.set("q", filters.q);
  if (filters.mine) params.set("mine", "1");
  if (filters.lane) params.set("lane", filters.lane);
  const query = params.toString();
  return query ? `${TRENDS_PATH}?${query}` : TRENDS_PATH;
}

/** One month of the trends: its first day (YYYY-MM-01, UTC), and whether it is this month, read "so far". */
export interface TrendMonth {
  month: string;
  soFar: boolean;
}

/** The last TRENDS_MONTHS months at `now` (UTC), oldest first: the last one is `now`'s. */
export function trendMonths(now: Date): TrendMonth[] {
  return Array.from({ length: TRENDS_MONTHS }, (_, index) => {
    const offset = index - (TRENDS_MONTHS - 1);
    const month = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1));
    return { month: month.toISOString().slice(0, 10), soFar: offset === 0 };
  });
}

const shortMonth = new Intl.DateTimeFormat("en-GB", { month: "short", timeZone: "UTC" });
const longMonth = new Intl.DateTimeFormat("en-GB", { month: "long", year: "numeric", timeZone: "UTC" });

/** "2031-03-01" → "Mar" (an axis label). */
export const monthShortLabel = (month: string) => shortMonth.format(new Date(`${month}T00:00:00Z`));

/** "2031-03-01" → "March 2031", and "March 2031 (so far)" for this month. */
export const monthLabel = ({ month, soFar }: TrendMonth) =>
  `${longMonth.format(new Date(`${month}T00:00:00Z`))}${soFar ? " (so far)" : ""}`;
