import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ActionButton } from "@/app/_components/action-button";
import { TOUCH_TARGET } from "@/app/_components/touch";
import { acknowledgeReviewAction } from "@/app/vbus/[id]/reviews/actions";
import { HealthBadge } from "@/app/vbus/[id]/reviews/health";
import { requireUserForPage } from "@/lib/auth/session";
import { LANES } from "@/lib/canvas/vocabulary";
import { formatMoment, formatReviewMonth } from "@/lib/dates";
import { portfolioReviewsPath, reviewPath } from "@/lib/reviews/paths";
import { AWAITING_LIMIT, laneView } from "@/lib/reviews/portfolio";
import { type AwaitingAcknowledgement, getPortfolioReviews, type PortfolioReviewRow } from "@/lib/reviews/read";
import { monthAt, monthOfParam, monthParam, REVIEW_STATE_LABELS, REVIEW_STATES } from "@/lib/reviews/vocabulary";

export const metadata: Metadata = { title: "Portfolio reviews" };

const link = `text-blue-800 underline ${TOUCH_TARGET}`;

export default async function PortfolioReviewsPage({
  params,
  searchParams,
}: {
  params: Promise<{ month: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const [{ month: param }, query] = await Promise.all([params, searchParams]);
  // ?lane=build opens that lane in full, ?queue=all the acknowledgement queue; anything else is ignored.
  const openLane = LANES.find((l) => l.lane === query.lane)?.lane ?? null;
  const queueOpen = query.queue === "all";
  const user = await requireUserForPage(`/reviews/${param}`);
  const month = monthOfParam(param);
  if (!month) notFound();
  const now = new Date();
  const page = await getPortfolioReviews(user, month, now, { queueOpen });
  const monthLabel = formatReviewMonth(page.month);
  const counts = Object.fromEntries(REVIEW_STATES.map((s) => [s, page.rows.filter((r) => r.state === s).length]));
  const [year, monthNumber] = page.month.split("-").map(Number) as [number, number];
  const at = new Date(Date.UTC(year, monthNumber - 1, 1));
  const previous = monthParam(monthAt(at, -1));
  const next = monthParam(monthAt(at, 1));
  return (
    <article className="space-y-8">
      <header className="space-y-2">
        <h1 className="text-2xl font-semibold tracking-tight">Portfolio reviews: {monthLabel}</h1>
        <nav aria-label="Months" className="flex gap-4 text-sm font-medium">
          <Link href={portfolioReviewsPath(previous)} className={link}>
            ← {formatReviewMonth(previous)}
          </Link>
          {next <= monthParam(monthAt(now)) && (
            <Link href={portfolioReviewsPath(next)} className={link}>
              {formatReviewMonth(next)} →
            </Link>
          )}
        </nav>
        <p className="text-sm text-slate-700">
          {page.rows.length} VBUs:{" "}
          {REVIEW_STATES.map((s) => `${counts[s]} ${REVIEW_STATE_LABELS[s].toLowerCase()}`).join(" · ")}. Reviews are
          due by the 7th of the month after.
        </p>
      </header>

      {page.awaiting && <AwaitingQueue {...page.awaiting} month={page.month} />}

      {LANES.map(({ lane, label }) => {
        const { shown, total } = laneView(page.rows, lane, openLane === lane);
        return (
          <section key={lane} aria-labelledby={`lane-${lane}`} className="space-y-2">
            <h2 id={`lane-${lane}`} className="text-lg font-semibold">
              {label} ({total})
            </h2>
            {total === 0 ? (
              <p className="text-sm text-slate-600">No VBUs in this lane.</p>
            ) : (
              <LaneTable rows={shown} month={page.month} />
            )}
            {shown.length < total && (
              <Link href={`${portfolioReviewsPath(page.month)}?lane=${lane}`} className={`text-sm font-medium ${link}`}>
                Show all {total} in {label} (those needing attention are first)
              </Link>
            )}
          </section>
        );
      })}
    </article>
  );
}

function LaneTable({ rows, month }: { rows: PortfolioReviewRow[]; month: string }) {
  return (
    <table className="w-full border-collapse text-left text-sm">
      <thead>
        <tr className="border-b border-slate-300">
          <th scope="col" className="py-2 pr-4">
            VBU
          </th>
          <th scope="col" className="py-2 pr-4">
            Review
          </th>
          <th scope="col" className="py-2 pr-4">
            Health
          </th>
          <th scope="col" className="py-2">
            Asks of the portfolio
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.vbuId} className="border-b border-slate-200 align-top">
            <th scope="row" className="py-2 pr-4 font-medium">
              <Link href={reviewPath(row.vbuId, month)} className={link}>
                {row.vbuName}
              </Link>
              <span className="block text-xs font-normal text-slate-600">{row.gmName}</span>
            </th>
            <td className="py-2 pr-4">
              {REVIEW_STATE_LABELS[row.state]}
              {row.state === "published" && !row.acknowledged && (
                <span className="block text-xs text-slate-600">Not acknowledged yet</span>
              )}
            </td>
            <td className="py-2 pr-4">
              {row.health && row.state === "published" ? <HealthBadge health={row.health} /> : "—"}
            </td>
            <td className="py-2 whitespace-pre-line">{row.asks ?? "—"}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function AwaitingQueue({ items, total, month }: { items: AwaitingAcknowledgement[]; total: number; month: string }) {
  return (
    <section aria-labelledby="awaiting-heading" className="space-y-2 rounded-lg border border-blue-200 bg-blue-50 p-5">
      <h2 id="awaiting-heading" className="text-lg font-semibold">
        Awaiting acknowledgement ({total})
      </h2>
      {total === 0 ? (
        <p className="text-sm">Every published review has been acknowledged.</p>
      ) : (
        <ul className="space-y-2" aria-label="Awaiting acknowledgement">
          {items.map((item) => (
            <li key={item.reviewId} className="flex flex-wrap items-center gap-3 text-sm">
              <Link href={reviewPath(item.vbuId, item.month)} className={`font-medium ${link}`}>
                {item.vbuName}, {formatReviewMonth(item.month)}
              </Link>
              <HealthBadge health={item.health} />
              <span className="text-slate-700">published {formatMoment(item.publishedAt)}</span>
              <ActionButton
                action={acknowledgeReviewAction}
                fields={{ reviewId: item.reviewId }}
                label="Acknowledge"
                ariaLabel={`Acknowledge ${item.vbuName}, ${formatReviewMonth(item.month)}`}
              />
            </li>
          ))}
        </ul>
      )}
      {items.length < total &&
        (items.length < AWAITING_LIMIT ? (
          <Link href={`${portfolioReviewsPath(month)}?queue=all`} className={`text-sm font-medium ${link}`}>
            Show {total <= AWAITING_LIMIT ? `all ${total}` : `the oldest ${AWAITING_LIMIT}`} awaiting acknowledgement
          </Link>
        ) : (
          <p className="text-sm text-slate-700">
            The oldest {items.length} of {total} are listed: acknowledge them to see the next.
          </p>
        ))}
    </section>
  );
}
