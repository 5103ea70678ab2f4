import { openThumbnail } from "@/lib/attachments/attachments";
import { EVIDENCE_HEADERS, evidenceReader } from "@/lib/attachments/serve";
import { errorResponse } from "@/lib/http";

// An evidence file's thumbnail, for the canvas page's <img>: the same readers and 404s as the
// download. Inline, since the bytes are a WebP the server made itself, never the uploader's;
// nosniff and the sandbox still apply. An id's thumbnail never changes, so the browser may
// keep it (privately) for a day instead of asking on every page view.
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const { id } = await params;
    const reader = await evidenceReader(id);
    const thumbnail = await openThumbnail(reader, id);
    return new Response(thumbnail.stream, {
      headers: {
        ...EVIDENCE_HEADERS,
        "Content-Type": thumbnail.contentType,
        "Content-Length": String(thumbnail.size),
        "Content-Disposition": "inline",
        "Cache-Control": `private, max-age=${THUMBNAIL_MAX_AGE_SECONDS}, immutable`,
      },
    });
  } catch (error) {
    return errorResponse(error, "a thumbnail");
  }
}

const THUMBNAIL_MAX_AGE_SECONDS = 24 * 60 * 60;
