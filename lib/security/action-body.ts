// Server actions take at most Next.js's default serverActions.bodySizeLimit (1 MB): no form
// here comes near it (the longest, the canvas, is eight 5,000-character fields). Next.js
// refuses a bigger body with a 500 and a logged stack; proxy.ts answers first, from the
// Content-Length, with 413 and this message (plain text: Next.js's client throws it as the
// error's message).
export const ACTION_BODY_LIMIT_BYTES = 1024 * 1024;
export const ACTION_BODY_TOO_LARGE = "This form is too large to send (over 1 MB). Shorten it and try again.";

/** A POST to a page (a server action: pages take no other) whose declared body is over the limit. */
export function isOversizedAction(method: string, headers: Headers): boolean {
  if (method !== "POST") return false;
  const length = Number(headers.get("content-length"));
  return Number.isFinite(length) && length > ACTION_BODY_LIMIT_BYTES;
}
