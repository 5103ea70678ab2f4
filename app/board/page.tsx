import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { requireUserForPage } from "@/lib/auth/session";
import {
  BOARD_LANE_CAP,
  BOARD_PATH,
  type BoardFilters,
  boardHref,
  hasFilters,
  parseBoardFilters,
} from "@/lib/board/filters";
import { type BoardLane, readBoard } from "@/lib/board/read";
import { TOUCH_TARGET } from "@/app/_components/touch";
import { BarLegend, VbuCard } from "./card";
import { trendsFiltersOf, trendsHref } from "@/lib/trends/filters";
import { EXPORT_PATH, exportHref } from "@/lib/export/vocabulary";
import { BoardFilterForm } from "./filters";
import { BoardMoveProvider } from "./move";

export const metadata: Metadata = { title: "Board" };

export default async function BoardPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const user = await requireUserForPage(boardHref(parseBoardFilters(params)));
  const view = await readBoard(user, params);
  if ("redirectTo" in view) redirect(view.redirectTo);
  const { board, filters } = view;
  const filtered = hasFilters(filters);
  const matching = board.lanes.reduce((sum, lane) => sum + lane.total, 0);

  const lanes = (
    <div className="grid gap-6 md:grid-cols-2 xl:grid-cols-4">
      {board.lanes.map((lane) => (
        <Lane
          key={lane.lane}
          lane={lane}
          filters={filters}
          canMove={board.canMoveLanes}
          yoursFirst={board.yoursFirst && board.youRunVbus}
        />
      ))}
    </div>
  );
  return (
    <>
      <div className="mb-4 flex flex-wrap items-baseline justify-between gap-x-4">
        <h1 className="text-2xl font-semibold tracking-tight">Board</h1>
        <div className="flex flex-wrap gap-x-4">
          <Link
            href={trendsHref(trendsFiltersOf(filters))}
            className={`text-sm font-medium text-blue-800 underline ${TOUCH_TARGET}`}
          >
            Trends for these VBUs
          </Link>
          <Link
            href={exportHref(EXPORT_PATH, filters)}
            className={`text-sm font-medium text-blue-800 underline ${TOUCH_TARGET}`}
          >
            Export…
          </Link>
        </div>
      </div>
      {/* Keyed by the view: the form's fields are uncontrolled, so a client-side move to another
          view (Clear filters) must start them afresh rather than keep what they showed. */}
      <BoardFilterForm key={boardHref(filters)} filters={filters} gms={board.gms} offerMine={board.youRunVbus} />
      {board.yoursFirst && board.youRunVbus && !filters.mine && (
        <p className="mb-4 text-sm text-slate-800">
          {"Your VBUs come first in each lane, marked “Yours”. "}
          <Link href={boardHref({ ...filters, mine: true })} className={`text-blue-800 underline ${TOUCH_TARGET}`}>
            Show only my VBUs
          </Link>
        </p>
      )}
      <BarLegend />
      {filtered && (
        <p className="mb-4 text-sm text-slate-800">
          {matching === 0 ? (
            <>
              No VBUs match these filters.{" "}
              <Link href={BOARD_PATH} className={`text-blue-800 underline ${TOUCH_TARGET}`}>
                Show every VBU
              </Link>
            </>
          ) : (
            `${matching} ${matching === 1 ? "VBU matches" : "VBUs match"} these filters.`
          )}
        </p>
      )}
      {board.canMoveLanes ? (
        <>
          <p className="mb-2 text-sm text-slate-700">
            Drag a card to another lane, or use its “Move to another lane” button. A GM changes the lane in their
            canvas.
          </p>
          <BoardMoveProvider>{lanes}</BoardMoveProvider>
        </>
      ) : (
        lanes
      )}
    </>
  );
}

function Lane({
  lane,
  filters,
  canMove,
  yoursFirst,
}: {
  lane: BoardLane;
  filters: BoardFilters;
  canMove: boolean;
  /** The signed-in GM's own VBUs come first in this lane. */
  yoursFirst: boolean;
}) {
  const headingId = `lane-${lane.lane}`;
  // data-lane: where a dragged card lands (./move.tsx marks the lane it is over).
  return (
    <section
      aria-labelledby={headingId}
      data-lane={lane.lane}
      className="rounded-lg border border-slate-200 bg-white p-4 data-[drop-target=true]:ring-2 data-[drop-target=true]:ring-blue-600"
    >
      <h2 id={headingId} className="text-lg font-semibold">
        {lane.label} <span className="text-sm font-normal text-slate-700">{`(${lane.total})`}</span>
      </h2>
      <p className="mb-3 text-sm text-slate-700">{lane.blurb}</p>
      {lane.cards.length === 0 ? (
        <p className="text-sm text-slate-700 italic">
          {hasFilters(filters) ? "No VBUs in this lane match these filters." : "No VBUs in this lane."}
        </p>
      ) : (
        <ul className="space-y-2">
          {lane.cards.map((card) => (
            <VbuCard key={card.vbuId} card={card} lane={lane.lane} canMove={canMove} />
          ))}
        </ul>
      )}
      {!lane.complete ? (
        <p className="mt-3 text-sm text-slate-700">
          {`Showing the first ${lane.cards.length} of ${lane.total}${yoursFirst ? ", yours first" : ""}. `}
          <Link
            href={boardHref({ ...filters, lane: lane.lane })}
            data-show-all
            className={`text-blue-800 underline ${TOUCH_TARGET}`}
          >
            {`Show all ${lane.total} in ${lane.label}`}
          </Link>
        </p>
      ) : (
        filters.lane === lane.lane &&
        lane.total > BOARD_LANE_CAP && (
          <p className="mt-3 text-sm">
            <Link
              href={boardHref({ ...filters, lane: undefined })}
              className={`text-blue-800 underline ${TOUCH_TARGET}`}
            >
              {`Show only the first ${BOARD_LANE_CAP} in ${lane.label}`}
            </Link>
          </p>
        )
      )}
    </section>
  );
}
