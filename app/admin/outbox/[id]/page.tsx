import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { TOUCH_TARGET } from "@/app/_components/touch";
import { requireAdminForPage } from "@/lib/auth/session";
import { formatMoment } from "@/lib/dates";
import { NotFoundError } from "@/lib/errors";
import { readEmail } from "@/lib/mail/outbox-read";
import { OUTBOX_PATH } from "@/lib/mail/vocabulary";

export const metadata: Metadata = { title: "Email" };

// One email as written: its headers, its text, and its HTML in a frame sandboxed of everything
// (no scripts, no forms, an origin of its own): its text quotes what people wrote.
export default async function EmailPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const admin = await requireAdminForPage(`${OUTBOX_PATH}/${id}`);
  const email = await readEmail(admin, id).catch((error: unknown) => {
    if (error instanceof NotFoundError) notFound();
    throw error;
  });
  const facts = [
    { name: "Kind", value: email.kindLabel },
    { name: "Status", value: email.statusLabel },
    { name: "Written", value: formatMoment(email.createdAt) },
    { name: "Sent", value: email.sentAt ? formatMoment(email.sentAt) : "Not sent" },
    { name: "Attempts", value: String(email.attempts) },
    ...(email.lastError ? [{ name: "Last error", value: email.lastError }] : []),
  ];
  return (
    <article className="max-w-4xl space-y-6">
      <p className="text-sm">
        <Link href={OUTBOX_PATH} className={`text-blue-800 underline ${TOUCH_TARGET}`}>
          Outbox
        </Link>
      </p>
      <h1 className="text-2xl font-semibold tracking-tight break-words">{email.subject}</h1>
      <section aria-labelledby="headers-heading" className="rounded-lg border border-slate-200 bg-white p-5">
        <h2 id="headers-heading" className="mb-3 text-lg font-semibold">
          Headers
        </h2>
        <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
          {[...email.headers, ...facts].map((h) => (
            <div key={h.name} className="contents">
              <dt className="font-medium text-slate-700">{h.name}</dt>
              <dd className="break-all">{h.value}</dd>
            </div>
          ))}
        </dl>
      </section>
      <section aria-labelledby="text-heading" className="space-y-2">
        <h2 id="text-heading" className="text-lg font-semibold">
          Text
        </h2>
        <pre className="overflow-x-auto rounded-lg border border-slate-200 bg-white p-4 text-sm whitespace-pre-wrap">
          {email.textBody}
        </pre>
      </section>
      <section aria-labelledby="html-heading" className="space-y-2">
        <h2 id="html-heading" className="text-lg font-semibold">
          HTML
        </h2>
        <iframe
          title={`The HTML of “${email.subject}”`}
          sandbox=""
          srcDoc={email.htmlBody}
          className="h-[32rem] w-full rounded-lg border border-slate-200 bg-white"
        />
      </section>
    </article>
  );
}
