import { proofPointExportResponse } from "@/lib/export/proof-points-route";

// Every proof point of the VBUs the board's filters let through, as a download (lib/export/).
export function GET(request: Request) {
  return proofPointExportResponse(request, "csv");
}
