import "server-only";
import { NextResponse } from "next/server";
import { z } from "../zod";
import { requireUser } from "../auth/session";
import { NotFoundError } from "../errors";
import { assertSameOrigin, errorResponse } from "../http";
import type { UploadAnswer } from "./answers";
import { type EvidenceParent, uploadAttachment } from "./attachments";

// What the two upload routes (a proof point's evidence, a review's) share: uploads go to a
// route, not a server action, so the browser streams the raw file body (the server can refuse
// it past 10 MiB while reading) and can report upload progress. The file name and label travel
// URL-encoded in headers.

/**
 * Answers POST …/[id]/attachments: signed in, same origin, a uuid (else "`what` was not
 * found", as for an unknown one), then uploadAttachment to `parentOf(id)`.
 */
export async function receiveUpload(
  request: Request,
  params: Promise<{ id: string }>,
  parent: { of: (id: string) => EvidenceParent; what: string },
): Promise<NextResponse<UploadAnswer>> {
  try {
    const user = await requireUser();
    assertSameOrigin(request);
    const { id } = await params;
    if (!z.uuid().safeParse(id).success) throw new NotFoundError(parent.what);
    const length = request.headers.get("content-length");
    const attachment = await uploadAttachment(user, {
      parent: parent.of(id),
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
