import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import { readEnv } from "../env";

// A notice the server hands itself through a link ("Pillar HR was deleted."): the text travels
// in the URL, signed with the app's secret and dated, so a link someone else wrote (or altered,
// or kept for later) shows nothing.

const LIFETIME_MS = 10 * 60 * 1000;

/** What a notice is for: one signed for one purpose is not accepted for another. */
export type NoticePurpose = "vbu-deleted";

function signature(purpose: NoticePurpose, payload: string): Buffer {
  return createHmac("sha256", readEnv().BETTER_AUTH_SECRET).update(`canvas.notice:${purpose}:${payload}`).digest();
}

/** A value for a link that readNotice (same purpose) will accept for the next ten minutes. */
export function signNotice(purpose: NoticePurpose, text: string, now = Date.now()): string {
  const payload = Buffer.from(JSON.stringify([text, now + LIFETIME_MS])).toString("base64url");
  return `${payload}.${signature(purpose, payload).toString("base64url")}`;
}

/** The text of a notice this server signed for this purpose and that has not expired; otherwise null. */
export function readNotice(purpose: NoticePurpose, value: unknown, now = Date.now()): string | null {
  if (typeof value !== "string") return null;
  const [payload, signed, extra] = value.split(".");
  if (!payload || !signed || extra !== undefined) return null;
  const given = Buffer.from(signed, "base64url");
  const expected = signature(purpose, payload);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const [text, expires] = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as unknown[];
    return typeof text === "string" && typeof expires === "number" && now < expires ? text : null;
  } catch {
    return null;
  }
}
