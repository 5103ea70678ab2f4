import { resubscribe } from "@/lib/mail/choose";
import { seeOther, unsubscribedPath, unsubscribeErrorResponse } from "@/lib/mail/unsubscribe-http";

// Undo, from the page a link lands on (a plain form, so it works before any script): the same
// signed token puts back what it turned off, then the page again, which now says so.
export async function POST(request: Request) {
  try {
    const form = await request.formData().catch(() => null);
    const token = form?.get("t");
    const kinds = form?.get("kinds");
    await resubscribe(token, typeof kinds === "string" ? kinds.split(",") : []);
    return seeOther(unsubscribedPath(token as string)); // resubscribe refused anything but a valid token
  } catch (error) {
    return unsubscribeErrorResponse(request, error);
  }
}
