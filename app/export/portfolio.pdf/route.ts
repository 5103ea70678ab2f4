import { errorResponse } from "@/lib/http";
import { portfolioPdf } from "@/lib/export/pdf/portfolio";

// The portfolio pack as a PDF, for the board's filters (lib/export/pdf/portfolio.ts). The
// filters are read as the board reads them: an unusable one is ignored, never an error.
export async function GET(request: Request) {
  try {
    const params: Record<string, string[]> = {};
    for (const [key, value] of new URL(request.url).searchParams) (params[key] ??= []).push(value);
    return await portfolioPdf(params);
  } catch (error) {
    return errorResponse(error, "the portfolio pack");
  }
}
