import "server-only";
import { and, eq, inArray, isNull, type SQL } from "drizzle-orm";
import type { Database } from "../../db/client";
import { canvases, comments, monthlyReviews, proofPoints, theses, users, vbus } from "../../db/schema";
import { type Actor, canReadReview } from "../auth/roles";
import { NotFoundError, UserFacingError } from "../errors";
import type { CommentSubject } from "./vocabulary";

// A thread: what a comment is about, found and authorised for the person writing or reading it.
// Everyone signed in reads every VBU's canvas and proof points; a monthly review's draft is its
// GM's and the admins' only (lib/auth/roles.ts canReadReview), and so is its thread.

type Reader = Pick<Database, "select">;

export interface ThreadKey {
  vbuId: string;
  subject: CommentSubject;
  /** The proof point's or the review's id; undefined for the canvas as a whole. */
  subjectId?: string;
}

export interface Thread extends ThreadKey {
  gmId: string;
  /** A draft review's thread: only its GM and the admins may read it, or be mentioned in it. */
  draft: boolean;
}

/**
 * The thread `key` names, if `actor` may read it; NotFoundError otherwise (a thread one may not
 * read is not said to exist). With `lock`, its VBU and subject rows are locked FOR SHARE until the
 * transaction ends: a comment cannot be added to a proof point or review being deleted.
 */
export async function findThread(db: Reader, actor: Actor, key: ThreadKey, lock = false): Promise<Thread> {
  const share = <Q extends { for: (strength: "share") => unknown }>(query: Q) => (lock ? query.for("share") : query);
  const [vbu] = (await share(db.select({ gmId: vbus.gmId }).from(vbus).where(eq(vbus.id, key.vbuId)))) as {
    gmId: string;
  }[];
  if (!vbu) throw new NotFoundError("That VBU");
  const thread = { ...key, gmId: vbu.gmId, draft: false };
  if (key.subject === "proof_point") {
    const [point] = (await share(
      db
        .select({ id: proofPoints.id })
        .from(proofPoints)
        .innerJoin(theses, eq(theses.id, proofPoints.thesisId))
        .innerJoin(canvases, eq(canvases.id, theses.canvasId))
        .where(and(eq(proofPoints.id, key.subjectId!), eq(canvases.vbuId, key.vbuId))),
    )) as { id: string }[];
    if (!point) throw new NotFoundError("That proof point");
  } else if (key.subject === "review") {
    const [review] = (await share(
      db
        .select({ status: monthlyReviews.status })
        .from(monthlyReviews)
        .where(and(eq(monthlyReviews.id, key.subjectId!), eq(monthlyReviews.vbuId, key.vbuId))),
    )) as { status: "draft" | "published" }[];
    if (!review || !canReadReview(actor, { gmId: vbu.gmId, status: review.status })) {
      throw new NotFoundError("That review");
    }
    thread.draft = review.status === "draft";
  }
  return thread;
}

/**
 * The people a comment in `thread` mentions, refused with a message on the mentions field naming
 * anyone who could not read it: someone unknown, disabled, or (a draft review) neither its GM nor
 * an admin.
 */
export async function checkMentions(db: Reader, thread: Thread, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  const people = await db
    .select({ id: users.id, name: users.name, role: users.role, disabledAt: users.disabledAt })
    .from(users)
    .where(inArray(users.id, [...ids]));
  const problems: string[] = [];
  if (people.length < ids.length) problems.push("Someone you mentioned is no longer in Canvas. Mention them again.");
  for (const person of people) {
    if (person.disabledAt) problems.push(`${person.name} can no longer sign in, so they cannot be told.`);
    else if (thread.draft && person.role !== "admin" && person.id !== thread.gmId) {
      problems.push(`${person.name} cannot read this draft review, so they cannot be mentioned in it.`);
    }
  }
  if (problems.length > 0) throw new UserFacingError(problems[0]!, { mentions: problems });
}

/** The comments of a thread, as a condition on comments (ix_comments_vbu_subject finds them). */
export function inThread(key: ThreadKey): SQL {
  return and(
    eq(comments.vbuId, key.vbuId),
    eq(comments.subject, key.subject),
    key.subject === "proof_point" ? eq(comments.proofPointId, key.subjectId!) : undefined,
    key.subject === "review" ? eq(comments.monthlyReviewId, key.subjectId!) : undefined,
    key.subject === "canvas" ? and(isNull(comments.proofPointId), isNull(comments.monthlyReviewId)) : undefined,
  )!;
}
