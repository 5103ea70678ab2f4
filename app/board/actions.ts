"use server";
import { revalidatePath } from "next/cache";
import { userAction } from "@/lib/action";
import { BOARD_PATH, moveLaneSchema } from "@/lib/board/filters";
import { moveVbuToLane } from "@/lib/board-write";
import { LANES } from "@/lib/lanes";

// Thin: the wrapper authenticates and parses; lib/board-write authorises (admins only) and
// checks the version the board was read at.
export const moveLaneAction = userAction(moveLaneSchema, async (input, user) => {
  const { vbuName, lane, moved } = await moveVbuToLane(user, input);
  const label = LANES.find((l) => l.lane === lane)!.label;
  if (moved) {
    revalidatePath(BOARD_PATH);
    revalidatePath(`/vbus/${input.vbuId}`);
  }
  return {
    status: "success",
    message: moved ? `${vbuName} moved to ${label}.` : `${vbuName} is already in ${label}.`,
    fieldErrors: {},
  };
});
