import { z } from "../zod";
import type { NotificationKind } from "../notifications/vocabulary";
import { MISSING_FIELD } from "../text";
import { CHANNELS, isTimeZone, PREFERENCE_KINDS } from "./vocabulary";

// The notification settings form (/account/notifications), shared by the client resolver and
// the server action. One field per kind of notification, named by the kind ("mention"), its
// value a channel; the time zone; the weekly digest's checkbox (only on the forms of people it
// is offered to). FormData carries strings: the checkbox comes as "true" or "false".

export const CHANNEL_REFUSED = "Choose one of the listed options.";
export const TIME_ZONE_REFUSED = "Choose a time zone from the list (such as Europe/Paris), or UTC.";
export const UNKNOWN_KIND = "There is no such kind of notification. Reload the page and try again.";

const channel = z.enum(CHANNELS, CHANNEL_REFUSED);

/** Each kind's field; a kind the form leaves out keeps what it is. */
const kindFields = Object.fromEntries(PREFERENCE_KINDS.map((kind) => [kind, channel.optional()])) as Record<
  NotificationKind,
  z.ZodOptional<typeof channel>
>;

const weeklyDigest = z.union(
  [z.boolean(), z.enum(["true", "false"]).transform((value) => value === "true")],
  "The weekly digest choice is not valid. Reload the page.",
);

const fields = z.object({
  ...kindFields,
  timeZone: z.string(MISSING_FIELD).trim().refine(isTimeZone, TIME_ZONE_REFUSED),
  weeklyDigest: weeklyDigest.optional(),
});

/**
 * Any other field names a kind that does not exist: refused, on that field. Typed as the plain
 * object: a valid form reads and gives the same (no other field passes), and the loose object's
 * index signature would only blur the named fields' types.
 */
export const preferencesSchema = z.looseObject(fields.shape).superRefine(
  (value, ctx) => {
    for (const key of Object.keys(value)) {
      if (!Object.hasOwn(fields.shape, key)) ctx.addIssue({ code: "custom", path: [key], message: UNKNOWN_KIND });
    }
  },
  // Also when a named field is refused: every problem of the form at once.
  { when: (payload) => typeof payload.value === "object" && payload.value !== null },
) as unknown as typeof fields;

export type PreferencesInput = z.input<typeof preferencesSchema>;
export type Preferences = z.output<typeof preferencesSchema>;
