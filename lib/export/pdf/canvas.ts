import "server-only";
import { getCanvasPage } from "../../canvas/read";
import { formatDay } from "../../dates";
import { NotFoundError } from "../../errors";
import { z } from "../../zod";
import { drawCanvasSheet, sheetOfPage } from "./canvas-sheet";
import { exportReader } from "../reader";
import { pdfFilename } from "./filename";
import { pdfResponse } from "./stream";

const THAT_VBU = "That VBU";

/**
 * GET /vbus/{id}/canvas.pdf: the one-page canvas, read through the canvas page's own read, on
 * its terms (every signed-in role reads every canvas). A malformed id is the same 404 as an
 * unknown one.
 */
export async function canvasPdf(vbuId: string, now = new Date()): Promise<Response> {
  const actor = await exportReader(THAT_VBU);
  if (!z.uuid().safeParse(vbuId).success) throw new NotFoundError(THAT_VBU);
  const page = await getCanvasPage(actor, vbuId, { now });
  const sheet = sheetOfPage(page);
  return pdfResponse(pdfFilename(sheet.vbuName, "canvas"), `${sheet.vbuName}: canvas`, (doc) => {
    drawCanvasSheet(doc, sheet, { printedOn: formatDay(now.toISOString()) });
  });
}
