import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ActionButton } from "@/app/_components/action-button";
import { TOUCH_TARGET } from "@/app/_components/touch";
import { requireUserForPage } from "@/lib/auth/session";
import { formatMoment, formatReviewMonth } from "@/lib/dates";
import { NotFoundError } from "@/lib/errors";
import { reviewPath } from "@/lib/reviews/paths";
import { getVbuReviews, type VbuReviews } from "@/lib/reviews/read";
import { REVIEW_STATUS_LABELS } from "@/lib/reviews/vocabulary";
import { z } from "@/lib/zod";
import { startReviewAction } from "./actions";
import { HealthBadge } from "./health";

export const metadata: Metadata = { title: "Monthly reviews" };

export default async function VbuReviewsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireUserForPage(`/vbus/${id}/reviews`);
  if (!z.uuid().safeParse(id).success) notFound();
  let page: VbuReviews;
  try {
    page = await getVbuReviews(user, id, new Date());
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    throw error;
  }
  return (
    <article className="space-y-6">
      <header className="space-y-1">
        <Link href={`/vbus/${page.vbu.id}`} className={`text-sm font-medium text-blue-800 underline ${TOUCH_TARGET}`}>
          {page.vbu.name}’s canvas
        </Link>
        <h1 className="text-2xl font-semibold tracking-tight">{page.vbu.name}: monthly reviews</h1>
        <p className="text-sm text-slate-700">
          GM: {page.vbu.gmName}. A month’s review is due by the 7th of the month after.
        </p>
      </header>
      {page.startable.length > 0 && (
        <section aria-label="Start a review" className="flex flex-wrap gap-3">
          {page.startable.map((month) => (
            <ActionButton
              key={month}
              action={startReviewAction}
              fields={{ vbuId: page.vbu.id, month }}
              label={`Start the ${formatReviewMonth(month)} review`}
            />
          ))}
        </section>
      )}
      {page.reviews.length === 0 ? (
        <p className="text-sm text-slate-600">No reviews yet.</p>
      ) : (
        <table className="w-full border-collapse text-left text-sm">
          <caption className="sr-only">Reviews, newest first</caption>
          <thead>
            <tr className="border-b border-slate-300">
              <th scope="col" className="py-2 pr-4">
                Month
              </th>
              <th scope="col" className="py-2 pr-4">
                Status
              </th>
              <th scope="col" className="py-2 pr-4">
                Health
              </th>
              <th scope="col" className="py-2 pr-4">
                Published
              </th>
              <th scope="col" className="py-2">
                Acknowledged
              </th>
            </tr>
          </thead>
          <tbody>
            {page.reviews.map((review) => (
              <tr key={review.month} className="border-b border-slate-200">
                <th scope="row" className="py-2 pr-4 font-medium">
                  <Link
                    href={reviewPath(page.vbu.id, review.month)}
                    className={`text-blue-800 underline ${TOUCH_TARGET}`}
                  >
                    {formatReviewMonth(review.month)}
                  </Link>
                </th>
                <td className="py-2 pr-4">{REVIEW_STATUS_LABELS[review.status]}</td>
                <td className="py-2 pr-4">
                  {review.status === "published" && review.health ? <HealthBadge health={review.health} /> : "—"}
                </td>
                <td className="py-2 pr-4">
                  {review.publishedAt
                    ? `${review.publishedByName ?? "A former user"}, ${formatMoment(review.publishedAt)}`
                    : "—"}
                </td>
                <td className="py-2">
                  {review.status === "published" ? (review.acknowledged ? "Yes" : "Not yet") : "—"}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </article>
  );
}
