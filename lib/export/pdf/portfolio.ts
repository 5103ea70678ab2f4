import "server-only";
import { getDb } from "../../../db/client";
import type { SearchParams } from "../../board/filters";
import { loadCanvases } from "../../canvas/read";
import { formatDay } from "../../dates";
import { drawCanvasSheet, drawFooter, sheetOfLoaded } from "./canvas-sheet";
import { addLandscapePage, FONT, INK } from "./document";
import { drawCover, packLayout, pageLabel } from "./pack-cover";
import { packFilters, readPack } from "./pack-read";
import { exportReader } from "../reader";
import { pdfFilename } from "./filename";
import { pdfResponse } from "./stream";

// GET /export/portfolio.pdf?<the board's filters>: the portfolio pack. A cover (date, filters,
// VBUs per lane, proof points per status, the overdue and stale VBUs, the review states) with
// the table of contents, then each VBU's one-page canvas in lane order, numbered "Page n of N".
// The list of VBUs is read first (the board's own read: the page numbers are known before a
// page is drawn); the canvases are read in batches of PACK_BATCH through the canvas page's own
// two queries, each batch once the reader has taken the pages before it, so the first bytes
// leave early and memory stays flat however large the portfolio.

/** Canvases read and drawn at a time: two queries per batch. */
export const PACK_BATCH = 50;

export async function portfolioPdf(params: SearchParams, now = new Date()): Promise<Response> {
  const actor = await exportReader("That page");
  const pack = await readPack(actor, packFilters(params), now);
  const layout = packLayout(pack.cards);
  const printedOn = formatDay(now.toISOString());
  const day = now.toISOString().slice(0, 10);
  return pdfResponse(pdfFilename("Portfolio pack", day), `Portfolio pack, ${printedOn}`, async (doc, room) => {
    drawCover(doc, pack, layout, printedOn);
    for (let start = 0; start < pack.cards.length; start += PACK_BATCH) {
      await room();
      const batch = pack.cards.slice(start, start + PACK_BATCH);
      const canvases = await loadCanvases(
        getDb(),
        batch.map((card) => card.vbuId),
        now,
      );
      batch.forEach((card, i) => {
        const page = layout.frontPages + start + i + 1;
        const loaded = canvases.get(card.vbuId);
        const footer = { printedOn, pageLabel: pageLabel(page, layout) };
        if (loaded) return drawCanvasSheet(doc, sheetOfLoaded(loaded), footer);
        // Deleted since the list was read: the page stays, so the contents' numbers stay true.
        addLandscapePage(doc);
        doc.fillColor(INK.text).font(FONT.bold).fontSize(14).text(card.vbuName, 28, 28);
        doc.font(FONT.regular).fontSize(10).text("This VBU was deleted while the pack was being made.", 28, 52);
        drawFooter(doc, `Portfolio pack · printed ${printedOn}`, footer.pageLabel);
      });
    }
  });
}
