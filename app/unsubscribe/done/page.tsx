import type { Metadata } from "next";
import Link from "next/link";
import { TOUCH_FIELD, TOUCH_TARGET } from "@/app/_components/touch";
import { readUnsubscribeLink, UnsubscribeLinkError } from "@/lib/mail/choose";
import { UNDO_UNSUBSCRIBE_PATH } from "@/lib/mail/unsubscribe-http";
import { PREFERENCES_PATH } from "@/lib/mail/vocabulary";
import { NOTIFICATION_KINDS } from "@/lib/notifications/vocabulary";

export const metadata: Metadata = { title: "Unsubscribe", referrer: "no-referrer" };

// Where an unsubscribe link lands (app/unsubscribe/route.ts applied it): no sign-in, and it only
// reads, so a reload repeats nothing. It says what the person receives now, from the database:
// after Undo (a plain form, working before any script) the same page says they receive it again.
export default async function UnsubscribedPage({
  searchParams,
}: {
  searchParams: Promise<{ t?: string | string[]; kinds?: string | string[] }>;
}) {
  const { t, kinds } = await searchParams;
  const token = typeof t === "string" ? t : "";
  // The daily digest's kinds the link took out, for Undo to put back: known kinds only.
  const undoKinds = (typeof kinds === "string" ? kinds.split(",") : [])
    .filter((kind) => (NOTIFICATION_KINDS as readonly string[]).includes(kind))
    .join(",");

  let link: Awaited<ReturnType<typeof readUnsubscribeLink>>;
  try {
    link = await readUnsubscribeLink(token);
  } catch (error) {
    if (!(error instanceof UnsubscribeLinkError)) throw error;
    return (
      <Panel heading="This unsubscribe link did not work">
        <p role="alert" className="text-sm text-slate-800">
          {error.message}
        </p>
      </Panel>
    );
  }

  return (
    <Panel heading={link.receiving ? "You are subscribed" : "You are unsubscribed"}>
      <p role="status" className="text-sm text-slate-800">
        {link.receiving
          ? `You will receive ${link.topicLabel} emails.`
          : `You will no longer receive ${link.topicLabel} emails.`}
      </p>
      {!link.receiving && (
        <form method="post" action={UNDO_UNSUBSCRIBE_PATH}>
          <input type="hidden" name="t" value={token} />
          {undoKinds && <input type="hidden" name="kinds" value={undoKinds} />}
          <button
            type="submit"
            className={`rounded-md border border-slate-300 px-4 py-2 text-sm font-medium text-slate-800 hover:bg-slate-50 ${TOUCH_FIELD}`}
          >
            Undo
          </button>
        </form>
      )}
    </Panel>
  );
}

function Panel({ heading, children }: { heading: string; children: React.ReactNode }) {
  return (
    <div className="mx-auto max-w-lg space-y-4 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
      <h1 className="text-xl font-semibold">{heading}</h1>
      {children}
      <p className="text-sm text-slate-700">
        <Link href={PREFERENCES_PATH} className={`text-blue-800 underline ${TOUCH_TARGET}`}>
          Choose what you receive
        </Link>{" "}
        in your notification settings (you sign in first).
      </p>
    </div>
  );
}
