import { NextResponse } from "next/server";
import { z } from "@/lib/zod";
import { uploadAttachment } from "@/lib/attachments/attachments";
import type { UploadAnswer } from "@/lib/attachments/answers";
import { assertSameOrigin, errorResponse } from "@/lib/http";
import { requireUser } from "@/lib/auth/session";
import { NotFoundError } from "@/lib/errors";

// Uploads go to a route, not a server action: the browser streams the raw file body (so the
// server can refuse it past 10 MiB while reading) and can report upload progress.
// The file name and label travel URL-encoded in headers.
export async function POST(
  request: Request,
  { params }: { params: Promise<{ id: string }> },
): Promise<NextResponse<UploadAnswer>> {
  try {
    const user = await requireUser();
    assertSameOrigin(request);
    const { id } = await params;
    if (!z.uuid().safeParse(id).success) throw new NotFoundError("That proof point");
    const length = request.headers.get("content-length");
    const attachment = await uploadAttachment(user, {
      proofPointId: id,
      filename: decodeHeader(request.headers.get("x-file-name")),
      label: decodeHeader(request.headers.get("x-file-label")),
      declaredBytes: length === null ? null : Number.parseInt(length, 10),
      body: request.body,
    });
    return NextResponse.json({ status: "success", attachment }, { status: 201 });
  } catch (error) {
    const response = errorResponse(error, "an upload");
    // A refused body may be unread, or read only in part (lib/attachments/storage.ts
    // readAtMost): end the connection rather than go on receiving it.
    response.headers.set("Connection", "close");
    return response;
  }
}

function decodeHeader(value: string | null): string {
  if (!value) return "";
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
