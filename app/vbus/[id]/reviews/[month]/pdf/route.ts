import { errorResponse } from "@/lib/http";
import { reviewPdf } from "@/lib/export/pdf/review";

// A monthly review as a PDF. Its public URL is /vbus/{id}/reviews/{yyyy-mm}.pdf, which
// next.config.mjs rewrites here: the review page owns the [month] segment itself.
export async function GET(_request: Request, { params }: { params: Promise<{ id: string; month: string }> }) {
  try {
    const { id, month } = await params;
    return await reviewPdf(id, month);
  } catch (error) {
    return errorResponse(error, "a review PDF");
  }
}
