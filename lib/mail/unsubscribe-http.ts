import "server-only";
import { NextResponse } from "next/server";
import { errorResponse } from "../http";
import type { NotificationKind } from "../notifications/vocabulary";
import { UnsubscribeLinkError } from "./choose";
import { escapeHtml } from "./layout";
import { PREFERENCES_PATH, UNSUBSCRIBE_PATH } from "./vocabulary";

// The answers of the unsubscribe routes (app/unsubscribe/). The link in an email is exactly
// UNSUBSCRIBE_PATH?t=<token>, and RFC 8058 mail clients POST to that same URL, so it is a route
// handler: GET applies the link and sends the browser on (303) to a page that only reads
// (UNSUBSCRIBED_PATH), so reloading or going back repeats nothing; POST (one click) applies it
// and answers 200. No session and no Origin check: the signed token is the authority, and a
// mail provider's POST comes from no page of ours.

/** The page a link lands on: what it turned off, with Undo. */
export const UNSUBSCRIBED_PATH = `${UNSUBSCRIBE_PATH}/done`;
/** Where Undo posts (a form: the token, and the daily digest's kinds). */
export const UNDO_UNSUBSCRIBE_PATH = `${UNSUBSCRIBE_PATH}/undo`;

/** The landing page's address for a token (and the kinds an undo should put back). */
export function unsubscribedPath(token: string, kinds: readonly NotificationKind[] = []): string {
  const query = new URLSearchParams({ t: token });
  if (kinds.length > 0) query.set("kinds", kinds.join(","));
  return `${UNSUBSCRIBED_PATH}?${query.toString()}`;
}

const NOT_STORED = { "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" };

/** See Other, to a path of this app (relative: right behind any proxy). */
export function seeOther(path: string): Response {
  return new Response(null, { status: 303, headers: { ...NOT_STORED, Location: path } });
}

export function plainText(text: string, status = 200): Response {
  return new Response(`${text}\n`, { status, headers: { ...NOT_STORED, "Content-Type": "text/plain; charset=utf-8" } });
}

/** A link that did not work, for a person: a small page of its own (no session, no scripts). */
function linkErrorPage(message: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Unsubscribe link not valid · Canvas</title></head>
<body style="font-family:system-ui,sans-serif;color:#0f172a;max-width:40rem;margin:3rem auto;padding:0 1rem;line-height:1.5">
<h1 style="font-size:1.5rem">This unsubscribe link did not work</h1>
<p>${escapeHtml(message)}</p>
<p><a href="${escapeHtml(PREFERENCES_PATH)}">Notification settings</a></p>
</body></html>
`;
}

/**
 * A refused link answers 400: a page for a browser, the form state's error shape (lib/http.ts)
 * for anything else. Every other failure is lib/http.ts's (logged, 500 or 503).
 */
export function unsubscribeErrorResponse(request: Request, error: unknown): Response {
  if (!(error instanceof UnsubscribeLinkError)) return errorResponse(error, "an unsubscribe link");
  if ((request.headers.get("accept") ?? "").includes("text/html")) {
    return new Response(linkErrorPage(error.message), {
      status: 400,
      headers: { ...NOT_STORED, "Content-Type": "text/html; charset=utf-8" },
    });
  }
  return NextResponse.json(
    { status: "error", formError: error.message, fieldErrors: {} },
    { status: 400, headers: NOT_STORED },
  );
}
