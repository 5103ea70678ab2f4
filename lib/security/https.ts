// Whether a request reached us over HTTPS, for Strict-Transport-Security. `npm start` serves
// plain HTTP only, so with no proxy in front (`trustedProxyHops` 0) the answer is no, whatever
// X-Forwarded-Proto a client wrote. Behind proxies, the entry the outermost trusted one wrote:
// proxies that append to the header leave client-written entries to its left.
export function arrivedOverHttps(headers: Headers, trustedProxyHops: number): boolean {
  if (trustedProxyHops === 0) return false;
  const chain = (headers.get("x-forwarded-proto") ?? "")
    .split(",")
    .map((entry) => entry.trim().toLowerCase())
    .filter(Boolean);
  return chain[Math.max(0, chain.length - trustedProxyHops)] === "https";
}

/** Two years, subdomains included: sent only on responses to requests that came over HTTPS. */
export const STRICT_TRANSPORT_SECURITY = "max-age=63072000; includeSubDomains";
