import { openAttachment } from "@/lib/attachments/attachments";
import { attachmentDisposition } from "@/lib/attachments/disposition";
import { EVIDENCE_HEADERS, evidenceReader } from "@/lib/attachments/serve";
import { errorResponse } from "@/lib/http";

// Downloads: only for a signed-in reader, always as an attachment, with the stored type, no
// sniffing, and a sandboxing policy in case a browser renders it anyway.
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const { id } = await params;
    const reader = await evidenceReader(id);
    const file = await openAttachment(reader, id);
    return new Response(file.stream, {
      headers: {
        ...EVIDENCE_HEADERS,
        "Content-Type": file.contentType,
        "Content-Length": String(file.size),
        "Content-Disposition": attachmentDisposition(file.filename),
        "Cache-Control": "private, no-store",
      },
    });
  } catch (error) {
    return errorResponse(error, "a download");
  }
}
