import { probeResponse } from "@/lib/ops/probe-response";

// Liveness, for the load balancer or orchestrator: the process answers HTTP. It checks nothing
// else on purpose: a database outage must not get every instance restarted (/readyz says that).
// Public: it reveals nothing.
export const dynamic = "force-dynamic";

export function GET() {
  return probeResponse(200, "ok");
}
