// The comments' rules, shared by the server and the browser (no server-only here): what a
// comment may be about, how long it may be, and how long its author may still edit it.

/** What a thread is about: a canvas as a whole, one of its proof points, or one of its monthly reviews. */
export const COMMENT_SUBJECTS = ["canvas", "proof_point", "review"] as const;
export type CommentSubject = (typeof COMMENT_SUBJECTS)[number];

export const COMMENT_MAX = 5000;

/** Mentions in one comment: enough for a portfolio meeting, not a mailing list. */
export const MENTIONS_MAX = 20;

/** An author may edit a comment for this long after writing it; after that it is fixed. */
export const EDIT_WINDOW_MINUTES = 15;

/** Whether a comment written at `createdAt` may still be edited at `now`. */
export function stillEditable(createdAt: Date, now: Date): boolean {
  return now.getTime() - createdAt.getTime() < EDIT_WINDOW_MINUTES * 60_000;
}

/** What a deleted comment leaves in its thread. */
export const DELETED_COMMENT = "Comment deleted";
