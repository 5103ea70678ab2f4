import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import { readEnv } from "../env";
import { PREFERENCES_PATH, UNSUBSCRIBE_PATH } from "./vocabulary";

// Links in emails. An email is read outside the app, so its links are absolute (BETTER_AUTH_URL,
// the app's public URL). The unsubscribe link needs no sign-in: it carries who and what, signed
// with the app's secret (HMAC-SHA256), so nobody can make one for someone else.

/** What one unsubscribe link turns off: one kind of notification, the weekly digest, or the daily digest. */
export type UnsubscribeTopic = string;

export function appUrl(): string {
  return (readEnv().BETTER_AUTH_URL ?? "http://localhost:3000").replace(/\/+$/, "");
}

/** An absolute URL for an app path ("/vbus/…"). */
export const absoluteUrl = (path: string) => `${appUrl()}${path}`;

export const preferencesUrl = () => absoluteUrl(PREFERENCES_PATH);

function signature(userId: string, topic: UnsubscribeTopic): Buffer {
  return createHmac("sha256", readEnv().BETTER_AUTH_SECRET).update(`canvas-unsubscribe\n${userId}\n${topic}`).digest();
}

/** `<user id>.<topic>.<signature>`, all URL-safe. */
export function unsubscribeToken(userId: string, topic: UnsubscribeTopic): string {
  return `${userId}.${topic}.${signature(userId, topic).toString("base64url")}`;
}

/** The person and topic a token names, or null if it is not one this app signed. */
export function readUnsubscribeToken(token: string): { userId: string; topic: UnsubscribeTopic } | null {
  const match = /^([0-9a-f-]{36})\.([a-z_]{1,32})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return null;
  const [, userId, topic, given] = match as unknown as [string, string, string, string];
  const expected = signature(userId, topic);
  const actual = Buffer.from(given, "base64url");
  return actual.length === expected.length && timingSafeEqual(actual, expected) ? { userId, topic } : null;
}

export function unsubscribeUrl(userId: string, topic: UnsubscribeTopic): string {
  return absoluteUrl(`${UNSUBSCRIBE_PATH}?t=${unsubscribeToken(userId, topic)}`);
}
