import type { NextResponse } from "next/server";
import type { UploadAnswer } from "@/lib/attachments/answers";
import { receiveUpload } from "@/lib/attachments/upload-route";
import { REVIEW_NOT_FOUND } from "@/lib/reviews/lock";

// Evidence for a monthly review's draft: the raw file as the body (lib/attachments/upload-route.ts).
export function POST(
  request: Request,
  { params }: { params: Promise<{ id: string }> },
): Promise<NextResponse<UploadAnswer>> {
  return receiveUpload(request, params, { of: (id) => ({ reviewId: id }), what: REVIEW_NOT_FOUND });
}
