import Link from "next/link";
import type { PersonChoice } from "@/lib/people";
import {
  BOARD_PATH,
  BOARD_STATUS_FILTER_LABELS,
  BOARD_STATUS_FILTERS,
  type BoardFilters,
  hasFilters,
  SEARCH_MAX,
} from "@/lib/board/filters";
import { REVIEW_STATE_LABELS, REVIEW_STATES } from "@/lib/reviews/vocabulary";
import { TOUCH_FIELD, TOUCH_TARGET } from "@/app/_components/touch";

const FIELD = `rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm ${TOUCH_FIELD}`;

/**
 * The board's filters: a plain GET form, so every view has a URL to share and it works
 * without JavaScript. The page ignores values it cannot use.
 */
export function BoardFilterForm({
  filters,
  gms,
  offerMine,
}: {
  filters: BoardFilters;
  gms: PersonChoice[];
  /** The signed-in person runs VBUs: "My VBUs" is offered. */
  offerMine: boolean;
}) {
  return (
    <form
      method="get"
      action={BOARD_PATH}
      role="search"
      aria-label="Filter the board"
      className="mb-6 flex flex-wrap items-end gap-4 rounded-lg border border-slate-200 bg-white p-4"
    >
      <div className="flex flex-col gap-1">
        <label htmlFor="board-q" className="text-sm font-medium text-slate-800">
          Search by name
        </label>
        <input
          id="board-q"
          name="q"
          type="search"
          maxLength={SEARCH_MAX}
          defaultValue={filters.q ?? ""}
          placeholder="VBU or product"
          className={FIELD}
        />
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor="board-gm" className="text-sm font-medium text-slate-800">
          GM
        </label>
        <select id="board-gm" name="gm" defaultValue={filters.gm ?? ""} className={FIELD}>
          <option value="">All GMs</option>
          {gms.map((gm) => (
            <option key={gm.id} value={gm.id}>
              {gm.label}
            </option>
          ))}
        </select>
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor="board-status" className="text-sm font-medium text-slate-800">
          Proof point status
        </label>
        <select id="board-status" name="status" defaultValue={filters.status ?? ""} className={FIELD}>
          <option value="">Any status</option>
          {BOARD_STATUS_FILTERS.map((status) => (
            <option key={status} value={status}>
              {BOARD_STATUS_FILTER_LABELS[status]}
            </option>
          ))}
        </select>
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor="board-review" className="text-sm font-medium text-slate-800">
          Review
        </label>
        <select id="board-review" name="review" defaultValue={filters.review ?? ""} className={FIELD}>
          <option value="">Any</option>
          {REVIEW_STATES.map((state) => (
            <option key={state} value={state}>
              {REVIEW_STATE_LABELS[state]}
            </option>
          ))}
        </select>
      </div>
      {offerMine && (
        <label className="flex items-center gap-2 py-2 text-sm font-medium text-slate-800 touch:min-h-11">
          <input
            type="checkbox"
            name="mine"
            value="1"
            defaultChecked={filters.mine ?? false}
            className="size-4 touch:size-6"
          />
          Only my VBUs
        </label>
      )}
      <label className="flex items-center gap-2 py-2 text-sm font-medium text-slate-800 touch:min-h-11">
        <input
          type="checkbox"
          name="stale"
          value="1"
          defaultChecked={filters.stale ?? false}
          className="size-4 touch:size-6"
        />
        Only stale VBUs
      </label>
      {filters.lane && <input type="hidden" name="lane" value={filters.lane} />}
      <button
        type="submit"
        className={`rounded-md bg-blue-700 px-4 py-2 text-sm font-medium text-white shadow-sm hover:bg-blue-800 ${TOUCH_FIELD}`}
      >
        Apply filters
      </button>
      {hasFilters(filters) && (
        <Link href={BOARD_PATH} className={`py-2 text-sm text-blue-800 underline ${TOUCH_TARGET}`}>
          Clear filters
        </Link>
      )}
    </form>
  );
}
