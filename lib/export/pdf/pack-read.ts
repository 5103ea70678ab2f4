import "server-only";
import type { Actor } from "../../auth/roles";
import { type BoardCard, getBoard } from "../../board/read";
import {
  BOARD_STATUS_FILTER_LABELS,
  type BoardFilters,
  parseBoardFilters,
  type SearchParams,
} from "../../board/filters";
import { LANES } from "../../canvas/vocabulary";
import type { LifecycleLane } from "../../../db/schema";
import { STALE_AFTER_DAYS } from "../../history/vocabulary";
import { REVIEW_STATE_LABELS } from "../../reviews/vocabulary";

// What the portfolio pack covers: every VBU the board would show for these filters, in lane
// order and in the board's order within a lane, with the board's own counts, flags and review
// state. Read through getBoard itself, once per lane with that lane in full ("Show all"), so the
// pack and the board can never disagree: four bounded reads whatever the number of VBUs.

export interface PackCard extends BoardCard {
  lane: LifecycleLane;
}

export interface PackContents {
  /** The filters as applied: unusable ones dropped, as the board drops them. */
  filters: BoardFilters;
  /** The filters in words, for the cover. */
  filterWords: string;
  cards: PackCard[];
}

/** The board's filters from a pack URL; "Show all" (lane) is not a filter, and a pack shows every lane in full. */
export function packFilters(params: SearchParams): BoardFilters {
  const { lane: _lane, ...filters } = parseBoardFilters(params);
  return filters;
}

export async function readPack(actor: Actor, filters: BoardFilters, now: Date): Promise<PackContents> {
  const boards = await Promise.all(LANES.map(({ lane }) => getBoard(actor, { ...filters, lane }, { now })));
  const first = boards[0]!;
  // As readBoard does: a GM filter for nobody who runs a VBU, or My VBUs for someone who runs
  // none, would filter by nobody: the pack is the board without it.
  const dropGm = Boolean(filters.gm) && !first.gms.some((gm) => gm.id === filters.gm);
  const dropMine = Boolean(filters.mine) && !first.youRunVbus;
  if (dropGm || dropMine) {
    return readPack(
      actor,
      { ...filters, gm: dropGm ? undefined : filters.gm, mine: dropMine ? undefined : filters.mine },
      now,
    );
  }
  const cards = LANES.flatMap(({ lane }, i) =>
    (boards[i]!.lanes.find((l) => l.lane === lane)?.cards ?? []).map((card) => ({ ...card, lane })),
  );
  const gmName = first.gms.find((gm) => gm.id === filters.gm)?.label;
  return { filters, filterWords: filterWords(filters, gmName), cards };
}

function filterWords(filters: BoardFilters, gmName: string | undefined): string {
  const words = [
    filters.gm && `GM: ${gmName ?? "unknown"}`,
    filters.mine && "My VBUs",
    filters.status && `Proof points: ${BOARD_STATUS_FILTER_LABELS[filters.status]}`,
    filters.review && `Review: ${REVIEW_STATE_LABELS[filters.review]}`,
    filters.stale && `Stale only (no change for ${STALE_AFTER_DAYS} days)`,
    filters.q && `Search: “${filters.q}”`,
  ].filter(Boolean);
  return words.length === 0 ? "None: every VBU" : words.join(" · ");
}
