import { unsubscribe } from "@/lib/mail/choose";
import { plainText, seeOther, unsubscribedPath, unsubscribeErrorResponse } from "@/lib/mail/unsubscribe-http";

// The link in every email (and its List-Unsubscribe header): /unsubscribe?t=<signed token>. No
// sign-in: the token names the person and what to stop, signed by the app (lib/mail/links.ts).
// Applying it twice changes nothing, so a repeated GET, or a mail client's POST after a click,
// is safe (lib/mail/unsubscribe-http.ts says why this is a route handler).

const tokenOf = (request: Request) => new URL(request.url).searchParams.get("t");

/** A person's click: applied at once, then the page that says so, with Undo. */
export async function GET(request: Request) {
  try {
    const token = tokenOf(request);
    const { changedKinds } = await unsubscribe(token);
    return seeOther(unsubscribedPath(token!, changedKinds));
  } catch (error) {
    return unsubscribeErrorResponse(request, error);
  }
}

/**
 * One-click unsubscribe (RFC 8058): a mail client POSTs `List-Unsubscribe=One-Click` here, from
 * no page of ours and without cookies. The token is the authority; the body is not needed.
 */
export async function POST(request: Request) {
  try {
    const { topicLabel } = await unsubscribe(tokenOf(request));
    return plainText(`You will no longer receive ${topicLabel} emails.`);
  } catch (error) {
    return unsubscribeErrorResponse(request, error);
  }
}
