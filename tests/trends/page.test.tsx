// The trends page as rendered (app/trends): each chart a figure with its caption, an SVG with
// role="img" and a summary as its aria-label, and a table of the very numbers the bars draw.
import { randomUUID } from "node:crypto";
import { getURLFromRedirectError } from "next/dist/client/components/redirect";
import { isRedirectError } from "next/dist/client/components/redirect-error";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { axisTicks, chartSummary, StackedBarChart, type StackedBarChartProps } from "../../app/trends/chart";
import TrendsPage from "../../app/trends/page";
import { LANE_SERIES, STATUS_SERIES } from "../../app/trends/series";
import { LANES, PROOF_POINT_STATUS_LABELS, PROOF_POINT_STATUSES } from "../../lib/canvas/vocabulary";
import { trendMonths } from "../../lib/trends/filters";
import { countingQueries } from "../support/counting";
import { ENGINES } from "../support/database";
import { clearCookies } from "../support/request";
import { idOf, signInAs } from "../support/session";
import { historyOf, insertEntries, useTrendsDatabase } from "./support";

const months = trendMonths(new Date("2031-03-10T12:00:00Z")); // April 2030 … March 2031 (so far)
const VALUES = months.map((_, m) => [m, m % 3, 0, m === 11 ? 7 : 1]);
const CHART: StackedBarChartProps = {
  id: "test-chart",
  title: "Proof points by status",
  description: "At each month's end.",
  months,
  series: STATUS_SERIES,
  values: VALUES,
  unit: { one: "proof point", many: "proof points" },
};

/** Each chart's bars, by month: series → value, as the SVG draws them (a zero draws nothing). */
function barsOf(html: string): Record<string, Record<string, number>> {
  const svg = html.slice(html.indexOf("<svg viewBox"), html.indexOf("</svg>", html.indexOf("<svg viewBox")));
  const bars: Record<string, Record<string, number>> = {};
  for (const group of svg.split('<g data-month="').slice(1)) {
    const month = group.slice(0, group.indexOf('"'));
    bars[month] = {};
    for (const [, series, value] of group.matchAll(/<rect data-series="(\w+)" data-value="(\d+)"/g)) {
      bars[month][series!] = Number(value);
    }
  }
  return bars;
}

/** The chart's table, by month: series → value, as its cells say. */
function tableOf(html: string): Record<string, Record<string, number>> {
  const table = html.slice(html.indexOf("<table"), html.indexOf("</table>"));
  const rows: Record<string, Record<string, number>> = {};
  for (const row of table.split('<tr class="border-b border-slate-200" data-month="').slice(1)) {
    const month = row.slice(0, row.indexOf('"'));
    rows[month] = {};
    for (const [, series, value] of row.matchAll(/data-series="(\w+)">(\d+)<\/td>/g))
      rows[month][series!] = Number(value);
  }
  return rows;
}

const withoutZeroes = (table: Record<string, Record<string, number>>) =>
  Object.fromEntries(
    Object.entries(table).map(([month, cells]) => [
      month,
      Object.fromEntries(Object.entries(cells).filter(([, v]) => v)),
    ]),
  );

describe("a stacked bar chart", () => {
  const html = renderToStaticMarkup(<StackedBarChart {...CHART} />);

  it("is a figure with its caption, an SVG image with a summary, a legend in the vocabulary's order, and a table", () => {
    expect(html.startsWith("<figure")).toBe(true);
    expect(html).toContain(
      '<figcaption class="space-y-1"><h2 id="test-chart-title" class="text-lg font-semibold">Proof points by status</h2>',
    );
    expect(html).toContain(`role="img" aria-label="${chartSummary(CHART)}"`);
    expect(html).toMatch(/<svg viewBox="0 0 720 280"/);
    expect(
      [...html.matchAll(/<li class="flex items-center gap-1.5">.*?<\/svg>([^<]+)<\/li>/g)].map((m) => m[1]),
    ).toEqual(PROOF_POINT_STATUSES.map((s) => PROOF_POINT_STATUS_LABELS[s]));
    expect(html).toContain("<summary");
    expect(html).toContain("Show the numbers</summary>");
    expect(html).toContain('<caption class="sr-only">Proof points by status</caption>');
    expect([...html.matchAll(/<th scope="col"[^>]*>([^<]+)<\/th>/g)].map((m) => m[1])).toEqual([
      "Month",
      "Not started",
      "In progress",
      "Observed",
      "Stalled",
      "Total",
    ]);
    // Each series has its own pattern, so colour is not the only cue.
    expect(new Set(STATUS_SERIES.map((s) => s.pattern)).size).toBe(4);
    expect(new Set(LANE_SERIES.map((s) => s.pattern)).size).toBe(4);
    expect(LANE_SERIES.map((s) => s.label)).toEqual(LANES.map((l) => l.label));
  });

  it("draws the numbers its table gives, month by month and series by series", () => {
    const table = tableOf(html);
    expect(Object.keys(table)).toEqual(months.map((m) => m.month));
    expect(table["2030-04-01"]).toEqual({ not_started: 0, in_progress: 0, observed: 0, stalled: 1 });
    expect(table["2031-03-01"]).toEqual({ not_started: 11, in_progress: 2, observed: 0, stalled: 7 });
    for (const [m, month] of months.entries()) {
      expect(Object.values(table[month.month]!)).toEqual(VALUES[m]);
    }
    expect(barsOf(html)).toEqual(withoutZeroes(table));
    expect(html).toContain('<th scope="row" class="py-1 pr-4 font-normal">March 2031 (so far)</th>');
    // Each bar's total as a direct label.
    expect([...html.matchAll(/data-total="true">(\d+)<\/text>/g)].map((m) => Number(m[1]))).toEqual(
      VALUES.map((v) => v.reduce((a, b) => a + b, 0)),
    );
  });

  it("summarises itself in words: the period, the latest month, the peak", () => {
    expect(chartSummary(CHART)).toBe(
      "Proof points by status, a bar a month from April 2030 to March 2031 (so far). March 2031 (so far): " +
        "11 not started, 2 in progress, 0 observed, 7 stalled; 20 proof points in all. " +
        "Most in March 2031 (so far): 20 proof points.",
    );
    const moves = {
      ...CHART,
      title: "Lane moves",
      series: [STATUS_SERIES[0]!],
      values: months.map(() => [0]),
      unit: { one: "move", many: "moves" },
    };
    expect(chartSummary(moves)).toBe(
      "Lane moves, a bar a month from April 2030 to March 2031 (so far). March 2031 (so far): 0 moves. None in any month.",
    );
    expect(chartSummary({ ...moves, values: months.map((_, m) => [m === 3 ? 1 : 0]) })).toBe(
      "Lane moves, a bar a month from April 2030 to March 2031 (so far). March 2031 (so far): 0 moves. Most in July 2030: 1 move.",
    );
  });

  it("scales its axis to a round top", () => {
    expect(axisTicks(0)).toEqual([0, 1, 2, 3, 4]);
    expect(axisTicks(7)).toEqual([0, 2, 4, 6, 8]);
    expect(axisTicks(20)).toEqual([0, 5, 10, 15, 20]);
    expect(axisTicks(1234)).toEqual([0, 500, 1000, 1500]);
  });
});

async function renderTrends(params: Record<string, string> = {}): Promise<string> {
  return renderToStaticMarkup(await TrendsPage({ searchParams: Promise.resolve(params) }));
}

describe.each(ENGINES)("the trends page on %s", (engine) => {
  // The demo's people, to sign in as (each test then starts without VBUs or history: useTrendsDatabase).
  const database = useTrendsDatabase(engine, { seeded: true });

  it("shows everyone signed in three charts with their numbers, and the latest lane moves, in a constant number of queries", async () => {
    await signInAs("viewer");
    const vbu = historyOf(randomUUID(), "Harbor Logistics");
    const point = randomUUID();
    const lastMonth = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth() - 1, 10, 9));
    await insertEntries([
      vbu.canvasAdded("2020-01-01T00:00:00Z", "build"),
      vbu.laneMoved(lastMonth.toISOString(), "build", "sell", "Ana Silva"),
      vbu.pointAdded(point, "2020-01-01T00:00:00Z", "stalled"),
    ]);
    const { result: html, queries } = await countingQueries(database.current(), () => renderTrends());
    expect(queries).toHaveLength(5); // the session, then the trends' four
    expect(html.match(/<figure/g)).toHaveLength(3);
    expect(html.match(/<svg viewBox="0 0 720 280" role="img" aria-label="/g)).toHaveLength(3);
    expect(html.match(/Show the numbers<\/summary>/g)).toHaveLength(3);
    for (const title of ["Proof points by status", "VBUs by lane", "Lane moves"]) {
      expect(html).toContain(`>${title}</h2>`);
    }
    // Each chart draws its own table's numbers.
    const charts = html.split("<figure").slice(1);
    for (const chart of charts) expect(barsOf(chart)).toEqual(withoutZeroes(tableOf(chart)));
    expect(Object.values(tableOf(charts[0]!)).at(-1)).toEqual({
      not_started: 0,
      in_progress: 0,
      observed: 0,
      stalled: 1,
    });
    expect(Object.values(tableOf(charts[1]!)).at(-1)).toEqual({ build: 0, sell: 1, milk: 0, reframe: 0 });
    expect(Object.values(tableOf(charts[2]!)).at(-2)).toEqual({ moves: 1 });
    expect(html).toContain('<td class="py-1 pr-4">Harbor Logistics</td><td class="py-1 pr-4">Build → Sell</td>');
    expect(html).toContain('<td class="py-1 pr-4">Ana Silva</td>');
    expect(html).toContain("Every VBU is counted.");
  });

  it("says which of the board's filters it applies, with links to every VBU and back to the board", async () => {
    await signInAs("viewer");
    const ana = await idOf("ana");
    const html = await renderTrends({ gm: ana, q: "harbor", status: "stalled" });
    expect(html).toMatch(/Only VBUs run by [^,]+, whose name or product contains “harbor” are counted/);
    expect(html).toContain('<a class="text-blue-800 underline');
    expect(html).toContain('href="/trends"');
    expect(html).toContain(`href="/board?gm=${ana}&amp;q=harbor"`);
    expect(await renderTrends({ gm: "x", lane: "nope", q: "\u0000" })).toContain("Every VBU is counted.");
  });

  it("sends someone signed out to sign in, and back to the same trends", async () => {
    clearCookies();
    let target = "";
    try {
      await renderTrends({ q: "harbor", lane: "sell", junk: "1" });
    } catch (error) {
      if (!isRedirectError(error)) throw error;
      target = getURLFromRedirectError(error);
    }
    expect(target).toBe(`/sign-in?next=${encodeURIComponent("/trends?q=harbor&lane=sell")}`);
  });
});
