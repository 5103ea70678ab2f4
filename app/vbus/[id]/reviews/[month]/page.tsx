import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ActionButton } from "@/app/_components/action-button";
import { ReviewDiff } from "@/app/_components/review-diff";
import { TOUCH_TARGET } from "@/app/_components/touch";
import { requireUserForPage } from "@/lib/auth/session";
import { formatMoment, formatReviewMonth } from "@/lib/dates";
import { NotFoundError } from "@/lib/errors";
import { diffSnapshots } from "@/lib/reviews/diff";
import { portfolioReviewsPath, reviewPath, reviewsPath } from "@/lib/reviews/paths";
import { getReviewPage, type ReviewPage, type ReviewView } from "@/lib/reviews/read";
import { monthOfParam, NARRATIVE_FIELD_NAMES, NARRATIVE_FIELDS, REVIEW_STATUS_LABELS } from "@/lib/reviews/vocabulary";
import { z } from "@/lib/zod";
import { ReviewEvidence } from "../../review-evidence";
import { commentsPath } from "@/lib/comments/paths";
import { AcknowledgeForm } from "../acknowledge-form";
import { deleteReviewAction, startReviewAction } from "../actions";
import { HealthBadge } from "../health";
import { ReviewForm } from "./review-form";
import { SnapshotView } from "./snapshot-view";

export const metadata: Metadata = { title: "Monthly review" };

const link = `inline-flex items-center text-sm font-medium text-blue-800 underline ${TOUCH_TARGET}`;

export default async function ReviewPageView({ params }: { params: Promise<{ id: string; month: string }> }) {
  const { id, month: param } = await params;
  const user = await requireUserForPage(`/vbus/${id}/reviews/${param}`);
  const month = monthOfParam(param);
  if (!z.uuid().safeParse(id).success || !month) notFound();
  let page: ReviewPage;
  try {
    page = await getReviewPage(user, id, month, new Date());
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    throw error;
  }
  const monthLabel = formatReviewMonth(page.month);
  const { review } = page;
  return (
    <article className="space-y-6">
      <header className="space-y-1">
        <p className="flex flex-wrap gap-x-4 text-sm">
          <Link href={`/vbus/${page.vbu.id}`} className={link}>
            {page.vbu.name}’s canvas
          </Link>
          <Link href={reviewsPath(page.vbu.id)} className={link}>
            All its reviews
          </Link>
          <Link href={portfolioReviewsPath(page.month)} className={link}>
            The portfolio’s {monthLabel} reviews
          </Link>
        </p>
        <h1 className="text-2xl font-semibold tracking-tight">
          {page.vbu.name}: review of {monthLabel}
        </h1>
        {review && <ReviewStatusLine review={review} />}
        {review && (
          <p>
            <Link href={commentsPath(page.vbu.id, "review", review.id)} className={link}>
              Comments on this review
            </Link>
          </p>
        )}
      </header>

      {!review ? (
        <NoReview page={page} monthLabel={monthLabel} />
      ) : page.canEdit ? (
        <div className="grid gap-6 lg:grid-cols-2">
          <section
            aria-labelledby="draft-heading"
            className="space-y-4 rounded-lg border border-slate-200 bg-white p-5"
          >
            <h2 id="draft-heading" className="text-lg font-semibold">
              Your draft
            </h2>
            <ReviewForm
              reviewId={review.id}
              version={review.version}
              values={{ ...review.narrative, health: review.health }}
              userId={user.id}
              monthLabel={monthLabel}
            />
            <Evidence review={review} page={page} level={3} />
            <div className="border-t border-slate-200 pt-4">
              <ActionButton
                action={deleteReviewAction}
                fields={{ reviewId: review.id, version: String(review.version) }}
                label="Delete draft"
                confirm="Delete this draft and its evidence? This cannot be undone."
                tone="danger"
              />
            </div>
          </section>
          <Changes page={page} live />
        </div>
      ) : (
        <>
          <Narrative review={review} />
          <Evidence review={review} page={page} />
          <Acknowledgement review={review} page={page} monthLabel={monthLabel} />
          <Changes page={page} live={review.status === "draft"} />
          {review.status === "published" && page.comparison && (
            <details className="rounded-lg border border-slate-200 bg-white p-5">
              <summary className="cursor-pointer text-lg font-semibold">The canvas as published</summary>
              <div className="mt-4">
                <SnapshotView snapshot={page.comparison.after} />
              </div>
            </details>
          )}
        </>
      )}
    </article>
  );
}

function ReviewStatusLine({ review }: { review: ReviewView }) {
  return (
    <p className="flex flex-wrap items-center gap-2 text-sm text-slate-700">
      <span className="rounded-full border border-slate-300 px-2 py-0.5 text-xs font-medium">
        {REVIEW_STATUS_LABELS[review.status]}
      </span>
      {review.health && review.status === "published" && <HealthBadge health={review.health} />}
      {review.publishedAt ? (
        <span>
          Published {review.publishedByName ? `by ${review.publishedByName} ` : ""}on{" "}
          <time dateTime={review.publishedAt}>{formatMoment(review.publishedAt)}</time>
        </span>
      ) : (
        <span>
          Last saved {review.updatedByName ? `by ${review.updatedByName} ` : ""}on{" "}
          <time dateTime={review.updatedAt}>{formatMoment(review.updatedAt)}</time>. Only its GM and admins can see a
          draft.
        </span>
      )}
    </p>
  );
}

function NoReview({ page, monthLabel }: { page: ReviewPage; monthLabel: string }) {
  return (
    <section className="space-y-3 rounded-lg border border-slate-200 bg-white p-5">
      <p className="font-medium">No review for {monthLabel}</p>
      {page.canStart && (
        <ActionButton
          action={startReviewAction}
          fields={{ vbuId: page.vbu.id, month: page.month }}
          label="Start the review"
        />
      )}
    </section>
  );
}

function Narrative({ review }: { review: ReviewView }) {
  return (
    <section aria-labelledby="narrative-heading" className="rounded-lg border border-slate-200 bg-white p-5">
      <h2 id="narrative-heading" className="mb-4 text-lg font-semibold">
        What the GM said
      </h2>
      {review.status === "draft" && (
        <p className="mb-4 text-sm text-amber-900">
          This draft’s month is closed: it can no longer be published. Its GM or an admin can delete it.
        </p>
      )}
      <dl className="grid gap-4 md:grid-cols-2">
        {NARRATIVE_FIELD_NAMES.map((field) => (
          <div key={field} className="space-y-1">
            <dt className="text-sm font-medium text-slate-700">{NARRATIVE_FIELDS[field].label}</dt>
            <dd className="whitespace-pre-line">
              {review.narrative[field] || <span className="text-slate-500 italic">Nothing said</span>}
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

/** The review's evidence: inside the draft's section (h3), or a section of its own (h2). */
function Evidence({ review, page, level = 2 }: { review: ReviewView; page: ReviewPage; level?: 2 | 3 }) {
  const Heading = level === 2 ? "h2" : "h3";
  return (
    <section
      aria-labelledby="review-evidence-heading"
      className={level === 2 ? "space-y-2 rounded-lg border border-slate-200 bg-white p-5" : "space-y-2"}
    >
      <Heading id="review-evidence-heading" className={level === 2 ? "text-lg font-semibold" : "font-semibold"}>
        Evidence
      </Heading>
      <ReviewEvidence reviewId={review.id} vbuId={page.vbu.id} attachments={review.evidence} canEdit={page.canEdit} />
    </section>
  );
}

function Acknowledgement({ review, page, monthLabel }: { review: ReviewView; page: ReviewPage; monthLabel: string }) {
  if (review.status !== "published") return null;
  const { acknowledgement } = review;
  return (
    <section aria-labelledby="acknowledgement-heading" className="rounded-lg border border-slate-200 bg-white p-5">
      <h2 id="acknowledgement-heading" className="mb-2 text-lg font-semibold">
        Acknowledgement
      </h2>
      {acknowledgement ? (
        <div className="space-y-1 text-sm">
          <p>
            Acknowledged by {acknowledgement.byName ?? "a former admin"} on{" "}
            <time dateTime={acknowledgement.at}>{formatMoment(acknowledgement.at)}</time>.
          </p>
          {acknowledgement.comment && (
            <blockquote className="border-l-4 border-slate-300 pl-3 whitespace-pre-line">
              {acknowledgement.comment}
            </blockquote>
          )}
        </div>
      ) : page.canAcknowledge ? (
        <AcknowledgeForm reviewId={review.id} name={`${page.vbu.name}, ${monthLabel}`} />
      ) : (
        <p className="text-sm text-slate-600">Not acknowledged by a portfolio manager yet.</p>
      )}
    </section>
  );
}

function Changes({ page, live }: { page: ReviewPage; live: boolean }) {
  if (!page.comparison) return null;
  const { before, beforeMonth, after } = page.comparison;
  const since = beforeMonth ? `the ${formatReviewMonth(beforeMonth)} review` : "the last review";
  return (
    <section aria-labelledby="changes-heading" className="space-y-3 rounded-lg border border-slate-200 bg-white p-5">
      <h2 id="changes-heading" className="text-lg font-semibold">
        What changed since{" "}
        {beforeMonth ? (
          <Link href={reviewPath(page.vbu.id, beforeMonth)} className="underline">
            {since}
          </Link>
        ) : (
          since
        )}
      </h2>
      {live && (
        <p className="text-sm text-slate-600">Live: the canvas as it is now, against {since}. Publishing freezes it.</p>
      )}
      <ReviewDiff diff={diffSnapshots(before, after)} sinceLabel={since} />
    </section>
  );
}
