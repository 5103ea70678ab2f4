import { canvasPdf } from "@/lib/export/pdf/canvas";
import { errorResponse } from "@/lib/http";

// The one-page canvas as a landscape A4 PDF (lib/export/pdf/canvas-sheet.ts), as a download.
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const { id } = await params;
    return await canvasPdf(id);
  } catch (error) {
    return errorResponse(error, "a canvas PDF");
  }
}
