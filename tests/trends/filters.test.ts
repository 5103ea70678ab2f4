// The trends' URL and months (lib/trends/filters.ts): the board's filters that say which VBUs to
// count, parsed as the board parses them; the last twelve months in UTC.
import { describe, expect, it } from "vitest";
import {
  hasTrendsFilters,
  monthLabel,
  monthShortLabel,
  parseTrendsFilters,
  trendMonths,
  trendsHref,
} from "../../lib/trends/filters";

const GM = "3f1c9f1e-2b7a-4c1d-9e55-0a6b2f9d8c11";

describe("the trends' filters", () => {
  it("keeps the board's GM, search, mine and lane, and drops status, review and anything unusable", () => {
    expect(
      parseTrendsFilters({
        gm: GM.toUpperCase(),
        q: "  harbor ",
        mine: "1",
        lane: "milk",
        status: "stalled",
        review: "due",
      }),
    ).toEqual({ gm: GM, q: "harbor", mine: true, lane: "milk" });
    expect(parseTrendsFilters({ gm: "nope", q: "", mine: "true", lane: "up", utm: "x" })).toEqual({});
    expect(parseTrendsFilters({ q: ["first", "second"] })).toEqual({ q: "first" });
    expect(hasTrendsFilters({})).toBe(false);
    expect(hasTrendsFilters({ lane: "sell" })).toBe(true);
  });

  it("spells its URL as the board does", () => {
    expect(trendsHref({})).toBe("/trends");
    expect(trendsHref({ gm: GM, q: "100% & more", mine: true, lane: "sell" })).toBe(
      `/trends?gm=${GM}&q=100%25+%26+more&mine=1&lane=sell`,
    );
    expect(
      parseTrendsFilters(Object.fromEntries(new URL(trendsHref({ q: "a&b", lane: "build" }), "http://x").searchParams)),
    ).toEqual({
      q: "a&b",
      lane: "build",
    });
  });
});

describe("the trends' months", () => {
  it("are the twelve months up to now's, in UTC, oldest first, the last so far", () => {
    const months = trendMonths(new Date("2031-01-01T00:30:00+01:00")); // 31 December 2030, 23:30 UTC
    expect(months.map((m) => m.month)).toEqual([
      "2030-01-01",
      "2030-02-01",
      "2030-03-01",
      "2030-04-01",
      "2030-05-01",
      "2030-06-01",
      "2030-07-01",
      "2030-08-01",
      "2030-09-01",
      "2030-10-01",
      "2030-11-01",
      "2030-12-01",
    ]);
    expect(months.filter((m) => m.soFar)).toEqual([{ month: "2030-12-01", soFar: true }]);
    expect(monthLabel(months[0]!)).toBe("January 2030");
    expect(monthLabel(months[11]!)).toBe("December 2030 (so far)");
    expect(monthShortLabel("2030-03-01")).toBe("Mar");
  });
});
