import { z } from "../zod";
import { reviewHealth } from "../../db/schema";
import { optionalText } from "../text";
import { LONG_TEXT_MAX } from "../canvas/vocabulary";
import { ACKNOWLEDGEMENT_MAX, monthOfParam } from "./vocabulary";

// The review forms, shared by the client resolvers and the server actions. FormData values are
// strings: the version is coerced, blank text becomes null, a blank health call is none yet.

const uuid = (what: string) => z.uuid(`${what} is not valid. Reload the page.`);
const version = z.coerce.number("The review version is missing. Reload the page.").int().min(1).max(2_147_483_647);

/** "Start the review" for a VBU and a month (YYYY-MM, as in the review's URL). */
export const startReviewSchema = z.object({
  vbuId: uuid("The VBU"),
  month: z
    .string("Choose a month.")
    .max(7, "Choose a month (YYYY-MM).")
    .transform((value, ctx) => {
      const month = monthOfParam(value);
      if (!month) {
        ctx.addIssue({ code: "custom", message: "Choose a month (YYYY-MM)." });
        return z.NEVER;
      }
      return month;
    }),
});

export const reviewNarrativeSchema = z.object({
  learned: optionalText(LONG_TEXT_MAX),
  decisions: optionalText(LONG_TEXT_MAX),
  asks: optionalText(LONG_TEXT_MAX),
  nextFocus: optionalText(LONG_TEXT_MAX),
  health: z
    .union([z.literal(""), z.enum(reviewHealth.enumValues)], "Choose on track, at risk or off track.")
    .transform((value) => (value === "" ? null : value)),
});

/** What the editor's submit does: save the draft, or save it and publish it. */
export const REVIEW_INTENTS = ["save", "publish"] as const;

export const saveReviewSchema = reviewNarrativeSchema.extend({
  reviewId: uuid("The review"),
  /** The version the form was read at: a save based on an older one is refused. */
  version,
  intent: z.enum(REVIEW_INTENTS, "Save or publish the review.").default("save"),
});

export const deleteReviewSchema = z.object({ reviewId: uuid("The review"), version });

export const acknowledgeReviewSchema = z.object({
  reviewId: uuid("The review"),
  /** Optional: the queue acknowledges without one. */
  comment: optionalText(ACKNOWLEDGEMENT_MAX)
    .optional()
    .transform((value) => value ?? null),
});

export type ReviewNarrative = z.output<typeof reviewNarrativeSchema>;
