// What each canvas write's conflict carries (the saved state it lost to): thrown by
// lib/canvas/write.ts, declared by the actions (app/vbus/[id]/actions.ts) and read by the
// forms, which therefore cannot read a conflict as something else. Types only: forms import it.
import type { LifecycleLane } from "../../db/schema";
import type { ProofPointView } from "./read";

export type { CanvasSnapshot } from "./read";

/** A thesis edited meanwhile: its text as saved now. */
export interface ThesisConflict {
  text: string;
  fingerprint: string;
}

/** A proof point edited meanwhile: as saved now, without its evidence (not part of the edit) or its overdue mark. */
export type ProofPointConflict = Omit<ProofPointView, "attachments" | "overdue">;

/** Theses added, removed or moved meanwhile: their ids in the order saved now. */
export interface OrderConflict {
  order: string[];
}

/** A VBU moved or its canvas saved since the board was read: its lane and version now. */
export interface LaneConflict {
  lane: LifecycleLane;
  version: number;
}
