import type { Metadata } from "next";
import Link from "next/link";
import { TOUCH_TARGET } from "@/app/_components/touch";
import { requireAdminForPage } from "@/lib/auth/session";
import { formatMoment } from "@/lib/dates";
import { listOutbox, OUTBOX_PAGE_SIZE, parseOutboxCursor } from "@/lib/mail/outbox-read";
import { OUTBOX_PATH } from "@/lib/mail/vocabulary";

export const metadata: Metadata = { title: "Outbox" };

const link = `text-blue-800 underline ${TOUCH_TARGET}`;

export default async function OutboxPage({ searchParams }: { searchParams: Promise<{ before?: string | string[] }> }) {
  const admin = await requireAdminForPage(OUTBOX_PATH);
  const cursor = parseOutboxCursor((await searchParams).before);
  const page = await listOutbox(admin, cursor);
  return (
    <article className="space-y-6">
      <header className="space-y-1">
        <h1 className="text-2xl font-semibold tracking-tight">Outbox</h1>
        <p className="text-sm text-slate-700">Every email Canvas writes, newest first, {OUTBOX_PAGE_SIZE} at a time.</p>
        {!page.smtpConfigured && (
          <p role="note" className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
            Emails are kept here because SMTP_URL is not set: none is sent.
          </p>
        )}
      </header>
      {page.emails.length === 0 ? (
        <p className="text-sm text-slate-600">{cursor === null ? "No emails yet." : "No older emails."}</p>
      ) : (
        <section
          aria-labelledby="emails-heading"
          className="overflow-x-auto rounded-lg border border-slate-200 bg-white"
        >
          <h2 id="emails-heading" className="sr-only">
            Emails
          </h2>
          <table className="w-full text-left text-sm">
            <thead className="border-b border-slate-200 text-slate-700">
              <tr>
                <th scope="col" className="px-4 py-2">
                  Subject
                </th>
                <th scope="col" className="px-4 py-2">
                  To
                </th>
                <th scope="col" className="px-4 py-2">
                  Kind
                </th>
                <th scope="col" className="px-4 py-2">
                  Status
                </th>
                <th scope="col" className="px-4 py-2">
                  Written
                </th>
                <th scope="col" className="px-4 py-2">
                  Sent
                </th>
              </tr>
            </thead>
            <tbody>
              {page.emails.map((email) => (
                <tr key={email.id} className="border-b border-slate-100 align-top">
                  <th scope="row" className="px-4 py-2 font-medium">
                    <Link href={`${OUTBOX_PATH}/${email.id}`} className={link}>
                      {email.subject}
                    </Link>
                  </th>
                  <td className="px-4 py-2 break-all">{email.toAddress}</td>
                  <td className="px-4 py-2">{email.kindLabel}</td>
                  <td className="px-4 py-2">{email.statusLabel}</td>
                  <td className="px-4 py-2 whitespace-nowrap">{formatMoment(email.createdAt)}</td>
                  <td className="px-4 py-2 whitespace-nowrap">{email.sentAt ? formatMoment(email.sentAt) : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      <nav aria-label="Outbox pages" className="flex gap-4 text-sm">
        {cursor !== null && (
          <Link href={OUTBOX_PATH} className={link}>
            Newest emails
          </Link>
        )}
        {page.nextCursor !== null && (
          <Link href={`${OUTBOX_PATH}?before=${page.nextCursor}`} className={link}>
            Older emails
          </Link>
        )}
      </nav>
    </article>
  );
}
