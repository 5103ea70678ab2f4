import "server-only";
import { stringify } from "csv-stringify/sync";
import { logError } from "../log";
import { FLAG_WORDS, PROOF_POINT_COLUMNS, type ProofPointExportRow } from "./proof-points-columns";

// The proof point export as CSV: UTF-8 with a byte order mark (Excel then reads it as UTF-8),
// RFC 4180 (CRLF between records, a field quoted when it holds a comma, a quote or a line break),
// written by csv-stringify a batch at a time into a stream the browser downloads as it comes.

const BOM = "\uFEFF";

/** RFC 4180: CRLF ends a record; a line break inside a field, even a lone CR or LF, is quoted. */
const CSV_OPTIONS = { record_delimiter: "windows", quoted_match: /[\r\n]/ } as const;

/**
 * A cell a spreadsheet would read as a formula (=, +, -, @, or a tab or CR before one) gets a
 * leading apostrophe, so it is shown as text and never run (OWASP's CSV injection advice).
 */
export function neutraliseFormula(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

/** A row's cells as CSV text: times in UTC as "YYYY-MM-DD HH:MM:SS", a flag as Yes or No. */
function cellsOf(row: ProofPointExportRow): string[] {
  return PROOF_POINT_COLUMNS.map(({ key, kind }) => {
    const value = row[key];
    if (value === null) return "";
    if (kind === "time") return (value as Date).toISOString().slice(0, 19).replace("T", " ");
    if (kind === "flag") return FLAG_WORDS[String(value) as "true" | "false"];
    if (kind === "number") return String(value);
    return neutraliseFormula(String(value));
  });
}

const encoder = new TextEncoder();
const csvOf = (records: string[][]) => encoder.encode(stringify(records, CSV_OPTIONS));

/**
 * The CSV as a stream: the BOM and the header, then each batch as the reader asks for it (so a
 * slow download holds back the database reads). Cancelling the download stops the batches.
 */
export function proofPointsCsv(batches: AsyncIterator<ProofPointExportRow[]>): ReadableStream<Uint8Array> {
  let headerSent = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(encoder.encode(BOM));
        controller.enqueue(csvOf([PROOF_POINT_COLUMNS.map((column) => column.header)]));
        return;
      }
      try {
        // Until there is something to send: a pull that sends nothing is not pulled again.
        for (;;) {
          const next = await batches.next();
          if (next.done) return controller.close();
          if (next.value.length > 0) return controller.enqueue(csvOf(next.value.map(cellsOf)));
        }
      } catch (error) {
        // The headers are sent: the download fails rather than ends short as if complete.
        logError("a proof point export (CSV)", error);
        controller.error(error);
      }
    },
    async cancel() {
      await batches.return?.(undefined);
    },
  });
}
