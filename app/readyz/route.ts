import { failingReadinessChecks } from "@/lib/ops/readiness";
import { probeResponse } from "@/lib/ops/probe-response";

// Readiness, for the load balancer: 200 when PostgreSQL answers and evidence can be stored,
// each within 1 s; 503 naming the failing check otherwise, so traffic goes to other instances
// until this one recovers. Public: it says which dependency failed, never why or where.
export const dynamic = "force-dynamic";

export async function GET() {
  const failing = await failingReadinessChecks();
  return failing.length === 0 ? probeResponse(200, "ready") : probeResponse(503, `not ready: ${failing.join(", ")}`);
}
