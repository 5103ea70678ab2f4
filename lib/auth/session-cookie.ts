import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * The session token in a Cookie header, if its signature holds. better-auth signs the token
 * it sets as `token.base64(HMAC-SHA256(secret, token))`, URL-encoded (better-call's
 * signCookieValue); this checks the same signature without going through better-auth's
 * endpoint machinery, which costs about 1.5 ms of CPU per request (docs/performance.md).
 */
export function readSignedSessionToken(cookieHeader: string | null, name: string, secret: string): string | null {
  const raw = cookieValue(cookieHeader, name);
  if (!raw) return null;
  let value: string;
  try {
    value = decodeURIComponent(raw);
  } catch {
    return null;
  }
  const dot = value.lastIndexOf(".");
  if (dot < 1) return null;
  const token = value.slice(0, dot);
  // Compared as canonical base64 text: decoding first would let Node's lenient base64 decoder
  // accept trailing or foreign characters after a valid signature.
  const signature = Buffer.from(value.slice(dot + 1));
  const expected = Buffer.from(createHmac("sha256", secret).update(token).digest("base64"));
  return signature.length === expected.length && timingSafeEqual(signature, expected) ? token : null;
}

/** The first cookie called `name`, as the header carries it (browsers send the most specific first). */
function cookieValue(header: string | null, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}
