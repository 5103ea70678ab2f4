import type { Metadata } from "next";
import Link from "next/link";
import { TOUCH_TARGET } from "@/app/_components/touch";
import { requireUserForPage } from "@/lib/auth/session";
import { boardHref, parseBoardFilters, type SearchParams } from "@/lib/board/filters";
import { appliedExportFilters } from "@/lib/export/proof-points";
import { PROOF_POINT_COLUMNS } from "@/lib/export/proof-points-columns";
import {
  EXPORT_PATH,
  exportHref,
  filtersInWords,
  PORTFOLIO_PDF_PATH,
  PROOF_POINTS_CSV_PATH,
  PROOF_POINTS_XLSX_PATH,
} from "@/lib/export/vocabulary";

// The files for the board's filters (issue 16): the board's "Export…" link brings its filters
// here, which says them in words and offers each file for the same VBUs.

export const metadata: Metadata = { title: "Export" };

const link = `font-medium text-blue-800 underline ${TOUCH_TARGET}`;

export default async function ExportPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const params = await searchParams;
  const user = await requireUserForPage(exportHref(EXPORT_PATH, parseBoardFilters(params)));
  const { filters, gmName } = await appliedExportFilters(user, params);
  const words = filtersInWords(filters, gmName);
  const files = [
    {
      name: "Portfolio pack (PDF)",
      href: exportHref(PORTFOLIO_PDF_PATH, filters),
      about: "A cover with the portfolio's figures, then each VBU's canvas on a page of its own, in lane order.",
    },
    {
      name: "Proof points (CSV)",
      href: exportHref(PROOF_POINTS_CSV_PATH, filters),
      about: "One row per proof point, for any spreadsheet or script: UTF-8, comma-separated.",
    },
    {
      name: "Proof points (Excel)",
      href: exportHref(PROOF_POINTS_XLSX_PATH, filters),
      about: "The same rows as an Excel workbook, with real dates, a frozen header row and a filter on each column.",
    },
  ];
  return (
    <article className="max-w-3xl space-y-6">
      <header className="space-y-2">
        <h1 className="text-2xl font-semibold tracking-tight">Export</h1>
        <p className="text-sm text-slate-800">
          {words.length === 0
            ? "Every VBU, in lane order, with all of its proof points."
            : "The VBUs that match the board's filters, in lane order, with all of their proof points:"}
        </p>
        {words.length > 0 && (
          <ul aria-label="Filters" className="list-disc pl-6 text-sm text-slate-800">
            {words.map((phrase) => (
              <li key={phrase}>{phrase}</li>
            ))}
          </ul>
        )}
        <p className="text-sm">
          <Link href={boardHref(filters)} className={link}>
            Back to the board
          </Link>
        </p>
      </header>
      <section aria-labelledby="export-files" className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="export-files" className="mb-3 text-lg font-semibold">
          Files
        </h2>
        <ul className="space-y-4">
          {files.map((file) => (
            <li key={file.name}>
              <a href={file.href} className={link} download>
                {file.name}
              </a>
              <p className="text-sm text-slate-700">{file.about}</p>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="export-columns" className="space-y-2">
        <h2 id="export-columns" className="text-lg font-semibold">
          Proof point columns
        </h2>
        <p className="text-sm text-slate-700">
          {PROOF_POINT_COLUMNS.map((column) => column.header).join(", ")}. “Last changed” is the latest entry in the
          proof point&apos;s history, its evidence included.
        </p>
      </section>
    </article>
  );
}
