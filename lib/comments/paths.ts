import type { CommentSubject } from "./vocabulary";

// Where a thread is read and written: the VBU's comments page, for its canvas, one proof point or
// one review. Shared by the pages, the notifications and the tests. No server-only here.

export const commentsPath = (vbuId: string, subject: CommentSubject, subjectId?: string): string =>
  subject === "canvas" ? `/vbus/${vbuId}/comments` : `/vbus/${vbuId}/comments?on=${subject}&id=${subjectId}`;

/** One comment on its thread's page. */
export const commentHref = (vbuId: string, subject: CommentSubject, subjectId: string | undefined, commentId: string) =>
  `${commentsPath(vbuId, subject, subjectId)}#comment-${commentId}`;
