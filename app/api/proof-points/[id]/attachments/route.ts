import type { NextResponse } from "next/server";
import type { UploadAnswer } from "@/lib/attachments/answers";
import { receiveUpload } from "@/lib/attachments/upload-route";

// Evidence for a proof point: the raw file as the body (lib/attachments/upload-route.ts).
export function POST(
  request: Request,
  { params }: { params: Promise<{ id: string }> },
): Promise<NextResponse<UploadAnswer>> {
  return receiveUpload(request, params, { of: (id) => ({ proofPointId: id }), what: "That proof point" });
}
