import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { CommentText } from "@/app/_components/comment-text";
import { TOUCH_TARGET } from "@/app/_components/touch";
import { requireUserForPage } from "@/lib/auth/session";
import { commentsPath } from "@/lib/comments/paths";
import { type CommentsPage, readCommentsPage, threadOfParams } from "@/lib/comments/read";
import type { ThreadKey } from "@/lib/comments/thread";
import { formatMoment } from "@/lib/dates";
import { NotFoundError } from "@/lib/errors";
import { CommentActions, CommentForm } from "./comment-forms";

export const metadata: Metadata = { title: "Comments" };

const link = `inline-flex items-center text-sm font-medium text-blue-800 underline ${TOUCH_TARGET}`;

export default async function CommentsPageView({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const [{ id }, query] = await Promise.all([params, searchParams]);
  let key: ThreadKey;
  try {
    key = threadOfParams(id, query);
  } catch {
    notFound();
  }
  const user = await requireUserForPage(commentsPath(key.vbuId, key.subject, key.subjectId));
  let page: CommentsPage;
  try {
    page = await readCommentsPage(user, key);
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    throw error;
  }
  return (
    <article className="max-w-3xl space-y-6">
      <header className="space-y-1">
        <Link href={page.backHref} className={link}>
          {key.subject === "review" ? `${page.vbuName}: ${page.about}` : `${page.vbuName}’s canvas`}
        </Link>
        <h1 className="text-2xl font-semibold tracking-tight">Comments</h1>
        <p className="text-sm text-slate-700">
          {key.subject === "canvas" ? `On ${page.vbuName}’s canvas as a whole.` : `On ${page.about}.`}
        </p>
      </header>

      <section aria-labelledby="thread-heading" className="space-y-3">
        <h2 id="thread-heading" className="sr-only">
          The thread
        </h2>
        {page.comments.length === 0 ? (
          <p className="text-sm text-slate-700">No comments yet. Ask a question or say what you see.</p>
        ) : (
          <ol className="space-y-3">
            {page.comments.map((comment) => (
              <li
                key={comment.id}
                id={`comment-${comment.id}`}
                className="scroll-mt-4 rounded-md border border-slate-200 p-3"
              >
                <p className="text-sm">
                  <span className="font-medium">{comment.authorName}</span>{" "}
                  <span className="text-xs text-slate-700">
                    {formatMoment(comment.createdAt.toISOString())}
                    {comment.edited && !comment.deleted ? " · edited" : ""}
                  </span>
                </p>
                {comment.deleted ? (
                  <p className="mt-1 text-sm text-slate-700 italic">Comment deleted</p>
                ) : (
                  // As written, with simple Markdown (safe links, emphasis): never raw HTML.
                  <CommentText body={comment.body} className="mt-1 text-sm text-slate-900" />
                )}
                {(comment.canEdit || comment.canDelete) && (
                  <CommentActions
                    commentId={comment.id}
                    body={comment.body}
                    canEdit={comment.canEdit}
                    canDelete={comment.canDelete}
                    people={page.people}
                  />
                )}
              </li>
            ))}
          </ol>
        )}
      </section>

      <section aria-labelledby="new-comment-heading" className="space-y-2">
        <h2 id="new-comment-heading" className="text-lg font-semibold">
          Add a comment
        </h2>
        <CommentForm thread={key} people={page.people} />
      </section>
    </article>
  );
}
