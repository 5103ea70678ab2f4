import type { Metadata } from "next";
import Link from "next/link";
import { TOUCH_TARGET } from "@/app/_components/touch";
import { requireUserForPage } from "@/lib/auth/session";
import { boardHref, type SearchParams } from "@/lib/board/filters";
import { LANES, laneLabel, PROOF_POINT_STATUSES } from "@/lib/canvas/vocabulary";
import { formatMoment } from "@/lib/dates";
import {
  hasTrendsFilters,
  parseTrendsFilters,
  TRENDS_PATH,
  trendsHref,
  type TrendsFilters,
} from "@/lib/trends/filters";
import { getTrends, type Trends } from "@/lib/trends/read";
import { StackedBarChart } from "./chart";
import { LANE_SERIES, MOVE_SERIES, STATUS_SERIES } from "./series";

// The portfolio's trends, read from the change history (lib/trends/read.ts): three pictures,
// each with its numbers in a table, for whichever VBUs the board's filters in the URL select.

export const metadata: Metadata = { title: "Trends" };

const link = `text-blue-800 underline ${TOUCH_TARGET}`;

export default async function TrendsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const params = await searchParams;
  const user = await requireUserForPage(trendsHref(parseTrendsFilters(params)));
  const trends = await getTrends(user, params);
  const { months } = trends;
  return (
    <article className="space-y-6">
      <header className="space-y-2">
        <h1 className="text-2xl font-semibold tracking-tight">Trends</h1>
        <p className="text-sm text-slate-700">
          The portfolio over the last {months.length} months, read from the change history: each month as it stood at
          its end, this month as it stands now.
        </p>
        <FilterSummary trends={trends} />
      </header>
      <StackedBarChart
        id="trend-statuses"
        title="Proof points by status"
        description="How many proof points were in each status at the end of each month."
        months={months}
        series={STATUS_SERIES}
        values={trends.proofPoints.map((counts) => PROOF_POINT_STATUSES.map((s) => counts[s]))}
        unit={{ one: "proof point", many: "proof points" }}
      />
      <StackedBarChart
        id="trend-lanes"
        title="VBUs by lane"
        description="How many VBUs were in each lane at the end of each month."
        months={months}
        series={LANE_SERIES}
        values={trends.lanes.map((counts) => LANES.map(({ lane }) => counts[lane]))}
        unit={{ one: "VBU", many: "VBUs" }}
      />
      <StackedBarChart
        id="trend-moves"
        title="Lane moves"
        description="How many times a VBU moved to another lane, month by month."
        months={months}
        series={MOVE_SERIES}
        values={trends.moves.map((count) => [count])}
        unit={{ one: "move", many: "moves" }}
      />
      <LatestMoves trends={trends} />
    </article>
  );
}

function filterWords(filters: TrendsFilters, gmName: string | null): string[] {
  const words: string[] = [];
  if (filters.gm) words.push(gmName ? `run by ${gmName}` : "run by a GM who is no longer listed");
  if (filters.mine) words.push("run by you");
  if (filters.q) words.push(`whose name or product contains “${filters.q}”`);
  if (filters.lane) words.push(`now in ${laneLabel(filters.lane)}`);
  return words;
}

function FilterSummary({ trends }: { trends: Trends }) {
  const { filters } = trends;
  if (!hasTrendsFilters(filters)) {
    return (
      <p className="text-sm text-slate-700">
        Every VBU is counted.{" "}
        <Link href={boardHref({})} className={link}>
          Back to the board
        </Link>
      </p>
    );
  }
  return (
    <p className="text-sm text-slate-800">
      {`Only VBUs ${filterWords(filters, trends.gmName).join(", ")} are counted (a deleted VBU as it was when deleted). `}
      <Link href={TRENDS_PATH} className={link}>
        Count every VBU
      </Link>
      {" · "}
      <Link href={boardHref(filters)} className={link}>
        Back to the board
      </Link>
    </p>
  );
}

function LatestMoves({ trends }: { trends: Trends }) {
  const { latestMoves } = trends;
  return (
    <section aria-labelledby="latest-moves" className="space-y-2 rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="latest-moves" className="text-lg font-semibold">
        Latest lane moves
      </h2>
      {latestMoves.length === 0 ? (
        <p className="text-sm text-slate-700">No VBU moved to another lane in these months.</p>
      ) : (
        <div
          className="overflow-x-auto focus-visible:outline-2 focus-visible:outline-blue-700"
          role="region"
          aria-label="The latest lane moves"
          tabIndex={0}
        >
          <table className="w-full border-collapse text-left text-sm">
            <caption className="sr-only">The latest lane moves, newest first</caption>
            <thead>
              <tr className="border-b border-slate-300">
                <th scope="col" className="py-1 pr-4">
                  VBU
                </th>
                <th scope="col" className="py-1 pr-4">
                  Move
                </th>
                <th scope="col" className="py-1 pr-4">
                  When
                </th>
                <th scope="col" className="py-1 pr-4">
                  Who
                </th>
              </tr>
            </thead>
            <tbody>
              {latestMoves.map((move, n) => (
                <tr key={`${move.vbuId}-${move.at}-${n}`} className="border-b border-slate-200">
                  <td className="py-1 pr-4">{move.vbuName}</td>
                  <td className="py-1 pr-4">{`${laneLabel(move.from)} → ${laneLabel(move.to)}`}</td>
                  <td className="py-1 pr-4">
                    <time dateTime={move.at}>{formatMoment(move.at)}</time>
                  </td>
                  <td className="py-1 pr-4">{move.actorName}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
