/** Set by scripts/client-address.mjs in every `npm start` worker, from the connection itself. */
export const CLIENT_ADDRESS_HEADER = "x-canvas-client-address";

/** Whether this process runs that hook; without it, the header is whatever the client sent. */
export function connectionAddressIsSet(): boolean {
  return (globalThis as Record<symbol, unknown>)[Symbol.for("canvas.client-address-hook")] === true;
}

/**
 * Who is asking, for the sign-in limits. With no proxy in front (`trustedProxyHops` 0), the
 * connection's own address; behind proxies that each append the address they saw to
 * X-Forwarded-For, the entry that many hops from its right end. Entries further left are
 * whatever the client wrote and are never used.
 */
export function clientAddress(
  headers: Headers,
  trustedProxyHops: number,
  fromConnection = connectionAddressIsSet(),
): string {
  const chain = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (trustedProxyHops > 0) {
    const seen = chain[chain.length - trustedProxyHops];
    if (seen) return seen;
  }
  const connection = fromConnection ? headers.get(CLIENT_ADDRESS_HEADER) : null;
  // Without scripts/client-address.mjs (`next dev`), Next.js's own entry: the rightmost.
  return connection || chain.at(-1) || "unknown";
}
