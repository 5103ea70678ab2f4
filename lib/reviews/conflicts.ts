// What a review save's conflict carries (the draft as saved now): thrown by lib/reviews/write.ts,
// declared by the review actions and read by the draft editor. Types only: forms import it.
import type { ReviewNarrative } from "./schemas";

export interface ReviewConflict {
  values: ReviewNarrative;
  version: number;
  savedAt: string;
  savedById: string | null;
  savedByName: string | null;
}
