import "server-only";
import { attachmentDisposition } from "../attachments/disposition";
import { errorResponse } from "../http";
import { proofPointsFilename, type ProofPointExportRow } from "./proof-points-columns";
import { appliedExportFilters, proofPointBatches, searchParamsOf } from "./proof-points";
import { exportReader } from "./reader";
import { proofPointsCsv } from "./proof-points-csv";
import { proofPointsXlsx } from "./proof-points-xlsx";

// What the two proof point export routes share: who may export, the board's filters from the
// query string, the first batch read before answering (so a database that is down answers 503,
// not a broken download), and a download's headers.

const FORMATS = {
  csv: { contentType: "text/csv; charset=utf-8", write: proofPointsCsv },
  xlsx: {
    contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    write: proofPointsXlsx,
  },
} as const;

/** The batches, the first one already read. */
async function* primed(
  first: IteratorResult<ProofPointExportRow[]>,
  rest: AsyncGenerator<ProofPointExportRow[]>,
): AsyncGenerator<ProofPointExportRow[]> {
  if (first.done) return;
  yield first.value;
  yield* rest;
}

export async function proofPointExportResponse(request: Request, format: keyof typeof FORMATS): Promise<Response> {
  try {
    const actor = await exportReader("That export");
    const now = new Date();
    const { filters } = await appliedExportFilters(actor, searchParamsOf(new URL(request.url)), now);
    const batches = proofPointBatches(actor, filters, { now });
    const first = await batches.next();
    const { contentType, write } = FORMATS[format];
    return new Response(write(primed(first, batches)), {
      headers: {
        "Content-Type": contentType,
        "Content-Disposition": attachmentDisposition(proofPointsFilename(now, format)),
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "private, no-store",
      },
    });
  } catch (error) {
    return errorResponse(error, `a proof point export (${format})`);
  }
}
