"use server";
import { revalidatePath } from "next/cache";
import { userAction } from "@/lib/action";
import { BOARD_PATH } from "@/lib/board/filters";
import type { LaneConflict } from "@/lib/canvas/conflicts";
import { moveLaneSchema } from "@/lib/canvas/schemas";
import { moveVbuToLane } from "@/lib/canvas/write";
import { laneLabel } from "@/lib/canvas/vocabulary";

// Thin: the wrapper authenticates and parses; lib/canvas/write (a lane move is a canvas write)
// authorises (admins only) and checks the version the board was read at. The board's own
// action, beside its page: it says what happened in the board's words and refreshes the board.
export const moveLaneAction = userAction<typeof moveLaneSchema, LaneConflict>(moveLaneSchema, async (input, user) => {
  const { vbuName, lane, moved } = await moveVbuToLane(user, input);
  const label = laneLabel(lane);
  if (moved) {
    revalidatePath(BOARD_PATH);
    revalidatePath(`/vbus/${input.vbuId}`);
  }
  return {
    status: "success",
    message: moved ? `${vbuName} moved to ${label}.` : `${vbuName} is already in ${label}.`,
  };
});
