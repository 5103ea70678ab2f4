// What the health endpoints answer: a word of plain text, never cached (a cached "ready"
// would hide an outage from the load balancer), and nothing about the app or its versions.
export const PROBE_HEADERS = { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } as const;

export function probeResponse(status: 200 | 503, body: string): Response {
  return new Response(`${body}\n`, { status, headers: PROBE_HEADERS });
}
