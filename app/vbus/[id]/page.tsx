import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { z } from "@/lib/zod";
import { requireUserForPage } from "@/lib/auth/session";
import Link from "next/link";
import { TOUCH_TARGET } from "@/app/_components/touch";
import { type CanvasPage, getCanvasPage, type ThesisView } from "@/lib/canvas/read";
import { CANVAS_FIELDS } from "@/lib/canvas/schemas";
import { canvasSheetPath, canvasSheetPdfPath } from "@/lib/canvas/sheet";
import { formatDay, formatMoment, formatReviewMonth } from "@/lib/dates";
import { reviewPath, reviewsPath } from "@/lib/reviews/paths";
import { latestPublishedReview } from "@/lib/reviews/read";
import { NotFoundError } from "@/lib/errors";
import { laneLabel, MAX_THESES, OVERDUE_LABEL } from "@/lib/canvas/vocabulary";
import { getLatestHistory, type HistoryEntryView } from "@/lib/history/read";
import { historyPath } from "@/lib/history/paths";
import { commentsPath } from "@/lib/comments/paths";
import { ReadOnlyField } from "./canvas-field-view";
import { HistoryEntry } from "./history/history-entries";
import { CanvasForm } from "./canvas-form";
import { CurrentlyTestingForm } from "./currently-testing-form";
import { ReadOnlyEvidence } from "./evidence-file";
import { ProofPointSummary } from "./proof-point-summary";
import { ThesesEditor } from "./theses-editor";

export const metadata: Metadata = { title: "Canvas" };

async function loadCanvas(id: string): Promise<[CanvasPage, LatestReview, HistoryEntryView[]]> {
  const user = await requireUserForPage(`/vbus/${id}`);
  if (!z.uuid().safeParse(id).success) notFound();
  try {
    return await Promise.all([getCanvasPage(user, id), latestPublishedReview(id), getLatestHistory(id)]);
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    throw error;
  }
}

export default async function CanvasPageView({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const [{ id }, query] = await Promise.all([params, searchParams]);
  const [page, latestReview, latestHistory] = await loadCanvas(id);
  const user = await requireUserForPage(`/vbus/${id}`); // the same request's session, read once
  // ?overdue=1: only the proof points overdue for review (a link anyone can share).
  const overdueOnly = query[OVERDUE_PARAM] === "1";
  const shownPoints = (thesis: ThesisView) =>
    overdueOnly ? thesis.proofPoints.filter((p) => p.overdue) : thesis.proofPoints;
  const overdueCount = page.theses.reduce((n, t) => n + t.proofPoints.filter((p) => p.overdue).length, 0);
  return (
    <article className="space-y-8">
      <header className="space-y-1">
        <h1 className="text-2xl font-semibold tracking-tight">{page.vbu.name}</h1>
        <p className="text-sm text-slate-700">
          GM: {page.vbu.gmName} · Lane: <span className="font-medium">{laneLabel(page.values.lifecycleLane)}</span> ·
          Last changed {page.updatedByName ? `by ${page.updatedByName} ` : ""}
          on <time dateTime={page.updatedAt}>{formatMoment(page.updatedAt)}</time>
        </p>
        <p className="flex flex-wrap items-center gap-x-3 text-sm text-slate-700">
          {latestReview ? (
            <>
              <span>
                Latest review: {formatReviewMonth(latestReview.month)}, published{" "}
                <time dateTime={latestReview.publishedAt}>{formatDay(latestReview.publishedAt)}</time>.
              </span>
              <Link href={reviewPath(page.vbu.id, latestReview.month)} className={reviewLink}>
                Read the {formatReviewMonth(latestReview.month)} review
              </Link>
            </>
          ) : (
            <span>No monthly review published yet.</span>
          )}
          <Link href={reviewsPath(page.vbu.id)} className={reviewLink}>
            All monthly reviews
          </Link>
        </p>
        <p className="flex flex-wrap items-center gap-x-3 text-sm text-slate-700">
          <Link href={canvasSheetPath(page.vbu.id)} className={reviewLink}>
            One-page canvas
          </Link>
          {/* A download, not a page: a plain link, so the router does not prefetch it. */}
          <a href={canvasSheetPdfPath(page.vbu.id)} className={reviewLink}>
            Download PDF
          </a>
        </p>
        {!page.canEdit && (
          <p className="text-sm text-slate-600">You can read this canvas; only its GM and admins change it.</p>
        )}
      </header>

      <section aria-labelledby="currently-testing-heading" className="rounded-lg border border-blue-200 bg-blue-50 p-5">
        <h2 id="currently-testing-heading" className="text-lg font-semibold">
          Currently testing
        </h2>
        <p className="mb-3">{page.currentlyTesting?.label ?? "Nothing chosen yet."}</p>
        {page.canEdit && (
          <CurrentlyTestingForm vbuId={page.vbu.id} theses={page.theses} current={page.currentlyTesting} />
        )}
      </section>

      <section aria-labelledby="canvas-heading" className="rounded-lg border border-slate-200 bg-white p-5">
        <h2 id="canvas-heading" className="mb-4 text-lg font-semibold">
          The canvas
        </h2>
        {page.canEdit ? (
          <CanvasForm
            vbuId={page.vbu.id}
            version={page.version}
            values={page.values}
            canEditPortfolioNotes={page.canEditPortfolioNotes}
            userId={user.id}
          />
        ) : (
          <ReadOnlyFields page={page} />
        )}
      </section>

      <section aria-labelledby="theses-heading" className="space-y-4">
        <h2 id="theses-heading" className="text-lg font-semibold">
          Theses ({page.theses.length} of {MAX_THESES})
        </h2>
        <OverdueFilter vbuId={page.vbu.id} overdueOnly={overdueOnly} count={overdueCount} />
        {page.canEdit ? (
          <ThesesEditor
            vbuId={page.vbu.id}
            theses={page.theses}
            currentlyTesting={page.currentlyTesting}
            overdueOnly={overdueOnly}
          />
        ) : page.theses.length === 0 ? (
          <p className="text-sm text-slate-600">No theses yet.</p>
        ) : (
          <ol className="space-y-4" aria-label="Theses">
            {page.theses.map((thesis) => (
              <li
                key={thesis.id}
                aria-label={`Thesis ${thesis.order}`}
                className="rounded-lg border border-slate-200 bg-white p-4"
              >
                <h3 className="mb-2 font-medium">
                  <span className="text-slate-600">Thesis {thesis.order}: </span>
                  {thesis.text}
                </h3>
                {shownPoints(thesis).length === 0 ? (
                  <p className="text-sm text-slate-600">
                    {overdueOnly ? "No proof points overdue for review." : "No proof points yet."}
                  </p>
                ) : (
                  <ul className="space-y-2" aria-label="Proof points">
                    {shownPoints(thesis).map((point) => (
                      <li key={point.id} className="rounded-md bg-slate-50 p-3">
                        <ProofPointSummary vbuId={page.vbu.id} point={point} />
                        <ReadOnlyEvidence attachments={point.attachments} />
                      </li>
                    ))}
                  </ul>
                )}
              </li>
            ))}
          </ol>
        )}
      </section>

      <section aria-labelledby="history-heading" className="space-y-3">
        <h2 id="history-heading" className="text-lg font-semibold">
          History
        </h2>
        {latestHistory.length === 0 ? (
          <p className="text-sm text-slate-600">No changes recorded yet.</p>
        ) : (
          <ol aria-label="Latest changes" className="rounded-lg border border-slate-200 bg-white px-4">
            {latestHistory.map((entry) => (
              <HistoryEntry key={entry.id} entry={entry} withDay />
            ))}
          </ol>
        )}
        <p className="text-sm text-slate-700">
          <Link href={historyPath(page.vbu.id)} className={reviewLink}>
            Full history
          </Link>{" "}
          (filter it by a proof point for its status history)
        </p>
      </section>

      <section aria-labelledby="comments-heading" className="space-y-2">
        <h2 id="comments-heading" className="text-lg font-semibold">
          Comments
        </h2>
        <p className="text-sm text-slate-700">
          <Link href={commentsPath(page.vbu.id, "canvas")} className={reviewLink}>
            Comments on this canvas
          </Link>{" "}
          (each proof point has its own)
        </p>
      </section>
    </article>
  );
}

const OVERDUE_PARAM = "overdue";

type LatestReview = Awaited<ReturnType<typeof latestPublishedReview>>;
const reviewLink = `inline-flex items-center font-medium text-blue-800 underline ${TOUCH_TARGET}`;

/**
 * "Show only overdue proof points", for everyone reading the canvas: a link, so the filtered
 * view is in the URL and can be shared; the same link shows them all again.
 */
function OverdueFilter({ vbuId, overdueOnly, count }: { vbuId: string; overdueOnly: boolean; count: number }) {
  const link = `inline-flex items-center text-sm font-medium text-blue-800 underline ${TOUCH_TARGET}`;
  return (
    <p className="flex flex-wrap items-center gap-x-3 text-sm text-slate-700">
      {overdueOnly ? (
        <>
          <span>
            Showing only the proof points {OVERDUE_LABEL.toLowerCase()} ({count}).
          </span>
          <Link href={`/vbus/${vbuId}`} className={link}>
            Show all proof points
          </Link>
        </>
      ) : (
        <>
          <span>
            {count === 0
              ? `No proof point is ${OVERDUE_LABEL.toLowerCase()}.`
              : `${count} proof point${count === 1 ? " is" : "s are"} ${OVERDUE_LABEL.toLowerCase()}.`}
          </span>
          <Link href={`/vbus/${vbuId}?${OVERDUE_PARAM}=1`} className={link}>
            Show only overdue proof points
          </Link>
        </>
      )}
    </p>
  );
}

/** The canvas for someone who reads it: every field, in the editor's order, each with its hint. */
function ReadOnlyFields({ page }: { page: CanvasPage }) {
  return (
    <dl className="grid gap-4 md:grid-cols-2">
      {CANVAS_FIELDS.map((field) => (
        <ReadOnlyField
          key={field}
          field={field}
          value={field === "lifecycleLane" ? laneLabel(page.values.lifecycleLane) : page.values[field]}
        />
      ))}
    </dl>
  );
}
