import { z } from "../zod";
import { requiredText } from "../text";
import { COMMENT_MAX, COMMENT_SUBJECTS, MENTIONS_MAX } from "./vocabulary";

// The comment forms, shared by the client resolvers and the server actions.

const uuid = (what: string) => z.uuid(`${what} is not valid. Reload the page.`);

/**
 * The people a comment mentions, as the @ picker adds them: distinct ids, a few at most. A form
 * sends them as one field, the ids joined by commas.
 */
const mentions = z.preprocess(
  (value) => (typeof value === "string" ? value.split(",").filter((id) => id.trim() !== "") : value),
  z
    .array(uuid("A mentioned person"), "The mentions are not valid. Reload the page.")
    .max(MENTIONS_MAX, `Mention ${MENTIONS_MAX} people or fewer.`)
    .transform((ids) => [...new Set(ids.map((id) => id.trim().toLowerCase()))]),
);

const body = requiredText("your comment", COMMENT_MAX);

export const addCommentSchema = z
  .object({
    vbuId: uuid("The VBU"),
    subject: z.enum(COMMENT_SUBJECTS, "The thread is not valid. Reload the page."),
    /** The proof point's or the review's id; absent for the canvas as a whole. */
    subjectId: uuid("The thread").optional(),
    body,
    mentions: mentions.default([]),
  })
  .refine((input) => (input.subject === "canvas") === (input.subjectId === undefined), {
    message: "The thread is not valid. Reload the page.",
    path: ["subjectId"],
  });

export const editCommentSchema = z.object({
  commentId: uuid("The comment"),
  body,
  mentions: mentions.default([]),
});

export const deleteCommentSchema = z.object({ commentId: uuid("The comment") });
