import "server-only";
import { attachmentDisposition } from "../../attachments/disposition";
import { logError } from "../../log";
import { newPdf, type Pdf } from "./document";

// A PDF as a download that streams: pdfkit hands over each finished piece of the document as it
// goes, and the response passes it on. The drawing waits for room (`room`) between pages, so a
// slow reader slows the drawing down instead of the server holding the whole pack in memory.

/** Bytes the response may hold before the drawing waits for the reader. */
const HIGH_WATER_MARK = 1024 * 1024;

export const PDF_HEADERS = {
  "Content-Type": "application/pdf",
  "X-Content-Type-Options": "nosniff",
  "Cache-Control": "private, no-store",
} as const;

/** Resolves once the reader has taken enough that another page may be drawn. */
export type Room = () => Promise<void>;

/**
 * A response streaming the PDF that `draw` writes. Everything that can refuse (session,
 * authorization, the first reads) happens before this is called, so that an error is still an
 * answer with its status; an error while drawing can only abort the download, which the browser
 * shows as failed (never a truncated PDF passed off as whole).
 */
export function pdfResponse(
  filename: string,
  title: string,
  draw: (doc: Pdf, room: Room) => Promise<void> | void,
): Response {
  const doc = newPdf(title);
  let wake: (() => void) | null = null;
  let cancelled = false;
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>(
    {
      start(c) {
        controller = c;
        doc.on("data", (chunk: Buffer) => {
          if (!cancelled) controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        });
        doc.on("end", () => {
          if (!cancelled) controller.close();
        });
      },
      pull() {
        wake?.();
        wake = null;
      },
      cancel() {
        cancelled = true;
        wake?.();
      },
    },
    { highWaterMark: HIGH_WATER_MARK, size: (chunk) => chunk.byteLength },
  );
  const room: Room = async () => {
    while (!cancelled && (controller.desiredSize ?? 0) <= 0) await new Promise<void>((resolve) => (wake = resolve));
    if (cancelled) throw new DownloadCancelled();
  };
  void Promise.resolve()
    .then(() => draw(doc, room))
    .then(
      () => doc.end(),
      (error: unknown) => {
        if (error instanceof DownloadCancelled) return;
        logError("a PDF export", error);
        cancelled = true;
        controller.error(new Error("The PDF could not be finished."));
      },
    );
  return new Response(body, {
    headers: { ...PDF_HEADERS, "Content-Disposition": attachmentDisposition(filename) },
  });
}

/** The reader went away: stop drawing. */
class DownloadCancelled extends Error {}
