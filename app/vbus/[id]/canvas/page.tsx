import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { TOUCH_TARGET } from "@/app/_components/touch";
import { requireUserForPage } from "@/lib/auth/session";
import { getCanvasPage } from "@/lib/canvas/read";
import { CANVAS_FIELD_LABELS, NOT_WRITTEN_YET } from "@/lib/canvas/schemas";
import {
  type CanvasSheet,
  canvasFieldsAnchor,
  canvasSheetPath,
  canvasSheetPdfPath,
  canvasTestingAnchor,
  canvasThesesAnchor,
  CONTINUED_LABEL,
  type SheetText,
  type SheetThesis,
  toCanvasSheet,
} from "@/lib/canvas/sheet";
import { laneLabel, MAX_THESES, OVERDUE_LABEL, PROOF_POINT_STATUS_LABELS } from "@/lib/canvas/vocabulary";
import { formatDay } from "@/lib/dates";
import { NotFoundError } from "@/lib/errors";
import { z } from "@/lib/zod";
import { STATUS_STYLE } from "../proof-point-summary";
import { PrintButton } from "./print-button";

export const metadata: Metadata = { title: "One-page canvas" };

// The canvas on one page, shaped like a canvas rather than a form: a top band (VBU, GM, lane,
// currently testing), the strategy fields in a grid, the theses side by side with their proof
// points. It fits one 1440×900 screen and prints to one landscape page (app/globals.css); long
// texts are cut by lib/canvas/sheet.ts's rule and say where the rest is.

async function loadSheet(id: string): Promise<CanvasSheet> {
  const user = await requireUserForPage(canvasSheetPath(id));
  if (!z.uuid().safeParse(id).success) notFound();
  try {
    return toCanvasSheet(await getCanvasPage(user, id));
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    throw error;
  }
}

const link = `inline-flex items-center font-medium text-blue-800 underline ${TOUCH_TARGET}`;
const cell = "rounded-md border border-slate-300 bg-white px-2 py-1.5";
const cellHeading = "text-[10px] leading-4 font-semibold tracking-wide text-slate-700 uppercase";
/** "Jan 2027": a review month short enough to share a line with its status. */
const shortMonth = new Intl.DateTimeFormat("en-GB", { month: "short", year: "numeric", timeZone: "UTC" });

export default async function CanvasSheetPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const sheet = await loadSheet(id);
  const fieldsAnchor = canvasFieldsAnchor(sheet.vbu.id);
  return (
    <article
      aria-labelledby="sheet-title"
      className="canvas-sheet flex flex-col gap-2 text-[11px] leading-[14px] print:gap-1.5"
    >
      <header className="flex flex-wrap items-stretch gap-2">
        <dl className="grid flex-1 gap-2 sm:grid-cols-2 lg:grid-cols-[3fr_2fr_1fr_6fr] print:grid-cols-[3fr_2fr_1fr_6fr]">
          <div className={cell}>
            <dt className={cellHeading}>VBU</dt>
            <dd>
              <h1 id="sheet-title" className="text-base leading-5 font-semibold tracking-tight">
                {sheet.vbu.name}
              </h1>
              {sheet.productName && (
                <p className="text-slate-700">
                  <Clipped value={sheet.productName} href={fieldsAnchor} />
                </p>
              )}
            </dd>
          </div>
          <div className={cell}>
            <dt className={cellHeading}>GM</dt>
            <dd className="text-sm leading-5 font-medium">{sheet.vbu.gmName}</dd>
          </div>
          <div className={cell}>
            <dt className={cellHeading}>Lane</dt>
            <dd className="text-sm leading-5 font-medium">{laneLabel(sheet.lane)}</dd>
          </div>
          <div className={`${cell} border-blue-300 bg-blue-50`}>
            <dt className={cellHeading}>Currently testing</dt>
            <dd>
              {sheet.currentlyTesting ? (
                <Clipped value={sheet.currentlyTesting} href={canvasTestingAnchor(sheet.vbu.id)} />
              ) : (
                <span className="text-slate-600 italic">Nothing chosen yet.</span>
              )}
            </dd>
          </div>
        </dl>
        <nav
          aria-label="One-page canvas"
          className="flex flex-col items-start justify-center gap-1 text-sm print:hidden"
        >
          <Link href={`/vbus/${sheet.vbu.id}`} className={link}>
            Back to the canvas
          </Link>
          <a href={canvasSheetPdfPath(sheet.vbu.id)} className={link}>
            Download PDF
          </a>
          <PrintButton className="rounded-md border border-slate-300 bg-white px-3 py-0.5 font-medium text-slate-800 hover:bg-slate-50 touch:min-h-11 touch:min-w-11" />
        </nav>
      </header>

      <section aria-labelledby="sheet-strategy">
        <h2 id="sheet-strategy" className="sr-only">
          Strategy
        </h2>
        <dl className="grid gap-2 sm:grid-cols-2 lg:grid-cols-4 print:grid-cols-4 print:gap-1.5">
          {sheet.fields.map(({ field, value }) => (
            <div
              key={field}
              className={`${cell} ${field === "portfolioNotes" ? "lg:col-span-2 print:col-span-2" : ""}`}
            >
              <dt className={cellHeading}>{CANVAS_FIELD_LABELS[field]}</dt>
              <dd className="whitespace-pre-line">
                {value ? (
                  <Clipped value={value} href={fieldsAnchor} />
                ) : (
                  <span className="text-slate-500 italic">{NOT_WRITTEN_YET}</span>
                )}
              </dd>
            </div>
          ))}
        </dl>
      </section>

      <section aria-labelledby="sheet-theses">
        <h2 id="sheet-theses" className={`${cellHeading} mb-1`}>
          Theses ({sheet.theses.length} of {MAX_THESES})
        </h2>
        {sheet.theses.length === 0 ? (
          <p className="text-slate-600 italic">No theses yet.</p>
        ) : (
          <ol aria-label="Theses" className="grid gap-2 sm:grid-cols-2 lg:grid-cols-5 print:grid-cols-5 print:gap-1.5">
            {sheet.theses.map((thesis) => (
              <ThesisColumn key={thesis.id} thesis={thesis} vbuId={sheet.vbu.id} />
            ))}
          </ol>
        )}
      </section>

      <p className="text-slate-700">
        {sheet.overdueCount === 0
          ? `No proof point is ${OVERDUE_LABEL.toLowerCase()}.`
          : `${sheet.overdueCount} proof point${sheet.overdueCount === 1 ? " is" : "s are"} ${OVERDUE_LABEL.toLowerCase()}.`}{" "}
        Last changed <time dateTime={sheet.updatedAt}>{formatDay(sheet.updatedAt)}</time>
        {sheet.updatedByName && ` by ${sheet.updatedByName}`}.
        {sheet.clipped &&
          ` Texts ending in “… ${CONTINUED_LABEL}” are cut short here; the canvas page has them in full.`}
      </p>
    </article>
  );
}

function ThesisColumn({ thesis, vbuId }: { thesis: SheetThesis; vbuId: string }) {
  return (
    <li aria-label={`Thesis ${thesis.order}`} className={cell}>
      <h3 className="font-medium">
        <span className="text-slate-600">Thesis {thesis.order}: </span>
        <Clipped value={thesis.text} href={canvasThesesAnchor(vbuId)} />
      </h3>
      {thesis.proofPoints.length === 0 ? (
        <p className="mt-1 text-slate-600 italic">No proof points yet.</p>
      ) : (
        <ul aria-label="Proof points" className="mt-1 space-y-1.5">
          {thesis.proofPoints.map((point) => (
            <li key={point.id} className="border-t border-slate-200 pt-1">
              {/* The status in words, as on the canvas page: colour is never the only sign. */}
              <span className={`mr-1 rounded px-1 font-medium whitespace-nowrap ${STATUS_STYLE[point.status]}`}>
                {PROOF_POINT_STATUS_LABELS[point.status]}
              </span>
              {point.overdue && (
                <span className="mr-1 rounded border border-red-300 bg-red-50 px-1 font-medium whitespace-nowrap text-red-900">
                  <span aria-hidden>⚠ </span>
                  {OVERDUE_LABEL}
                </span>
              )}
              {point.targetReviewMonth && (
                <span className="text-slate-700">
                  {point.overdue ? "was due" : "review"}{" "}
                  <time dateTime={point.targetReviewMonth}>
                    {shortMonth.format(new Date(`${point.targetReviewMonth}-01T00:00:00Z`))}
                  </time>
                  :
                </span>
              )}{" "}
              <Clipped value={point.description} href={canvasThesesAnchor(vbuId)} />
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

/** A text as the sheet shows it; a clipped one ends with its visible mark, a link to the rest. */
function Clipped({ value, href }: { value: SheetText; href: string }) {
  if (!value.clipped) return value.text;
  return (
    <>
      {value.text}{" "}
      <Link href={href} className="font-medium whitespace-nowrap text-blue-800 underline">
        {CONTINUED_LABEL}
      </Link>
    </>
  );
}
