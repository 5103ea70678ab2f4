import { z } from "@/lib/zod";
import { openAttachment } from "@/lib/attachments/attachments";
import { attachmentDisposition } from "@/lib/attachments/disposition";
import { errorResponse } from "@/lib/http";
import { getCurrentUser } from "@/lib/auth/session";
import { NotFoundError } from "@/lib/errors";

// Downloads: only for a signed-in reader, always as an attachment, with the stored type, no
// sniffing, and a sandboxing policy in case a browser renders it anyway.
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const user = await getCurrentUser();
    const { id } = await params;
    // Signed out, still on a temporary password (which only lets them choose their own), or a
    // malformed id: the same 404 as an unknown one, so guessing learns nothing.
    if (!user || user.mustChangePassword || !z.uuid().safeParse(id).success) {
      throw new NotFoundError("That evidence file");
    }
    const file = await openAttachment(user, id);
    return new Response(file.stream, {
      headers: {
        "Content-Type": file.contentType,
        "Content-Length": String(file.size),
        "Content-Disposition": attachmentDisposition(file.filename),
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "sandbox; default-src 'none'",
        "Cache-Control": "private, no-store",
      },
    });
  } catch (error) {
    return errorResponse(error, "a download");
  }
}
