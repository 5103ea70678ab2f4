import "server-only";
import { logError } from "../log";
import { PROOF_POINT_COLUMNS, type ProofPointColumnKind, type ProofPointExportRow } from "./proof-points-columns";

// The proof point export as an Excel workbook, written by ExcelTS's streaming WorkbookWriter
// (docs/exports.md says why this library): typed cells (months and times as dates, counts as
// numbers, overdue as a boolean), a frozen header row and an autofilter. Text is written as text
// cells, never as formulas, so a cell beginning with "=" is shown, not run.

const SHEET_NAME = "Proof points";

/** Each kind of column's width and number format. */
const COLUMN_STYLE: Record<ProofPointColumnKind, { width: number; numFmt?: string }> = {
  text: { width: 24 },
  number: { width: 10 },
  month: { width: 14, numFmt: "mmm yyyy" },
  flag: { width: 12 },
  time: { width: 18, numFmt: "yyyy-mm-dd hh:mm" },
};
/** Long text gets a wider column. */
const WIDE: readonly (keyof ProofPointExportRow)[] = ["thesis", "proofPoint"];

/** The column's letter (the sheet has fewer than 27 columns). */
const letter = (index: number) => String.fromCharCode("A".charCodeAt(0) + index);

/** A month (YYYY-MM) as the date of its first day; Excel's dates have no zone, so UTC. */
const monthDate = (month: string) => new Date(`${month}-01T00:00:00Z`);

function valuesOf(row: ProofPointExportRow): (string | number | boolean | Date | null)[] {
  return PROOF_POINT_COLUMNS.map(({ key, kind }) => {
    const value = row[key];
    if (value === null) return null;
    return kind === "month" ? monthDate(value as string) : value;
  });
}

/** Bytes held for a slow download before the writer waits for it. */
const HIGH_WATER_MARK = 256 * 1024;

/**
 * The workbook as a stream. The writer writes rows as they come; between batches it waits while
 * the download has HIGH_WATER_MARK bytes unread, so a slow download holds back the database reads
 * instead of filling memory. Cancelling the download stops the batches.
 */
export function proofPointsXlsx(batches: AsyncIterator<ProofPointExportRow[]>): ReadableStream<Uint8Array> {
  let out!: ReadableStreamDefaultController<Uint8Array>;
  let cancelled = false;
  let demand: (() => void) | null = null;
  const wake = () => {
    demand?.();
    demand = null;
  };
  const readable = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        out = controller;
      },
      pull: wake,
      cancel() {
        cancelled = true;
        wake();
      },
    },
    new ByteLengthQueuingStrategy({ highWaterMark: HIGH_WATER_MARK }),
  );
  const waitForDemand = () =>
    cancelled || (out.desiredSize ?? 0) > 0 ? Promise.resolve() : new Promise<void>((resolve) => (demand = resolve));
  const sink = new WritableStream<Uint8Array>({
    write(chunk) {
      if (!cancelled) out.enqueue(chunk);
    },
    close() {
      if (!cancelled) out.close();
    },
  });

  const write = async () => {
    // Loaded when first used: a server that never exports never holds the library.
    const { WorkbookWriter } = await import("@cj-tech-master/excelts");
    const workbook = new WorkbookWriter({
      stream: sink,
      useSharedStrings: false,
      useStyles: true,
      trueStreaming: true,
    });
    const sheet = workbook.addWorksheet(SHEET_NAME, { views: [{ state: "frozen", xSplit: 0, ySplit: 1 }] });
    sheet.columns = PROOF_POINT_COLUMNS.map(({ key, header, kind }) => ({
      key,
      header,
      width: WIDE.includes(key) ? 48 : COLUMN_STYLE[kind].width,
      ...(COLUMN_STYLE[kind].numFmt ? { style: { numFmt: COLUMN_STYLE[kind].numFmt } } : {}),
    }));
    sheet.getRow(1).font = { bold: true };
    sheet.autoFilter = { from: "A1", to: `${letter(PROOF_POINT_COLUMNS.length - 1)}1` };
    for (;;) {
      await waitForDemand();
      if (cancelled) return void (await batches.return?.(undefined));
      const next = await batches.next();
      if (next.done) break;
      for (const row of next.value) sheet.addRow(valuesOf(row)).commit();
      // The writer compresses and sends what rows hold only when the event loop runs: let it,
      // or a batch read from memory (no I/O between) would pile up until the end.
      await new Promise((resolve) => setImmediate(resolve));
    }
    sheet.commit();
    await workbook.commit();
  };
  write().catch((error: unknown) => {
    // The headers are sent: the download fails rather than ends short as if complete.
    logError("a proof point export (Excel)", error);
    if (!cancelled) out.error(error);
  });
  return readable;
}
