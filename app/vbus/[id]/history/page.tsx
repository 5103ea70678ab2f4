import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { TOUCH_FIELD, TOUCH_TARGET } from "@/app/_components/touch";
import { requireUserForPage } from "@/lib/auth/session";
import { formatDay } from "@/lib/dates";
import { NotFoundError } from "@/lib/errors";
import { getHistory, type HistoryChoice, type HistoryPage, type ProofPointStatusHistory } from "@/lib/history/read";
import { historyPath } from "@/lib/history/paths";
import { z } from "@/lib/zod";
import { HistoryDays } from "./history-entries";

export const metadata: Metadata = { title: "Change history" };

const FIELD = `rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm ${TOUCH_FIELD}`;
const link = `inline-flex items-center text-sm font-medium text-blue-800 underline ${TOUCH_TARGET}`;

export default async function VbuHistoryPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const [{ id }, query] = await Promise.all([params, searchParams]);
  const user = await requireUserForPage(`/vbus/${id}/history`);
  if (!z.uuid().safeParse(id).success) notFound();
  let page: HistoryPage;
  try {
    page = await getHistory(user, id, query, new Date());
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    throw error;
  }
  const { filters } = page;
  const current = {
    field: filters.field,
    thesis: filters.thesisId,
    point: filters.proofPointId,
    person: filters.actorId,
  };
  const filtered = Object.values(current).some(Boolean);
  const pointLabel = page.choices.proofPoints.find((p) => p.value === filters.proofPointId)?.label;
  return (
    <article className="space-y-6">
      <header className="space-y-1">
        {!page.vbu.deleted && (
          <Link href={`/vbus/${page.vbu.id}`} className={link}>
            {page.vbu.name}’s canvas
          </Link>
        )}
        <h1 className="text-2xl font-semibold tracking-tight">{page.vbu.name}: change history</h1>
        <p className="text-sm text-slate-700">
          {page.vbu.deleted
            ? "This VBU was deleted. Its history is kept, and only admins can read it."
            : "Every change to this VBU’s canvas, newest first."}
        </p>
      </header>

      <form
        method="get"
        action={historyPath(page.vbu.id)}
        role="search"
        aria-label="Filter the history"
        className="flex flex-wrap items-end gap-4 rounded-lg border border-slate-200 bg-white p-4"
      >
        <Choice
          id="history-field"
          name="field"
          label="Field"
          any="Any field"
          choices={page.choices.fields}
          value={current.field}
        />
        <Choice
          id="history-thesis"
          name="thesis"
          label="Thesis"
          any="Any thesis"
          choices={page.choices.theses}
          value={current.thesis}
        />
        <Choice
          id="history-point"
          name="point"
          label="Proof point"
          any="Any proof point"
          choices={page.choices.proofPoints}
          value={current.point}
        />
        <Choice
          id="history-person"
          name="person"
          label="Changed by"
          any="Anyone"
          choices={page.choices.people}
          value={current.person}
        />
        <button
          type="submit"
          className={`rounded-md bg-blue-700 px-4 py-2 text-sm font-medium text-white shadow-sm hover:bg-blue-800 ${TOUCH_FIELD}`}
        >
          Apply filters
        </button>
        {filtered && (
          <Link href={historyPath(page.vbu.id)} className={`py-2 text-sm text-blue-800 underline ${TOUCH_TARGET}`}>
            Clear filters
          </Link>
        )}
      </form>

      {page.statusHistory && <StatusHistory history={page.statusHistory} pointLabel={pointLabel} />}

      <section aria-labelledby="changes-heading" className="space-y-4">
        <h2 id="changes-heading" className="sr-only">
          Changes
        </h2>
        {page.days.length === 0 ? (
          <p className="text-sm text-slate-600">{filtered ? "No changes match these filters." : "No changes yet."}</p>
        ) : (
          <HistoryDays days={page.days} level={3} />
        )}
        {page.nextCursor !== null && (
          <p>
            <Link href={historyPath(page.vbu.id, { ...current, before: page.nextCursor })} className={link}>
              Older changes
            </Link>
          </p>
        )}
      </section>
    </article>
  );
}

function Choice({
  id,
  name,
  label,
  any,
  choices,
  value,
}: {
  id: string;
  name: string;
  label: string;
  any: string;
  choices: HistoryChoice[];
  value: string | undefined;
}) {
  return (
    <div className="flex max-w-xs flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium text-slate-800">
        {label}
      </label>
      <select id={id} name={name} defaultValue={value ?? ""} className={FIELD}>
        <option value="">{any}</option>
        {choices.map((choice) => (
          <option key={choice.value} value={choice.value}>
            {choice.label}
          </option>
        ))}
      </select>
    </div>
  );
}

const days = (n: number | null) => (n === null ? "unknown" : n === 1 ? "1 day" : `${n} days`);

/** A proof point's statuses, oldest first: since when, until when, and how long. */
function StatusHistory({ history, pointLabel }: { history: ProofPointStatusHistory; pointLabel?: string }) {
  return (
    <section aria-labelledby="status-history-heading" className="rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="status-history-heading" className="mb-2 text-lg font-semibold">
        Status history{pointLabel ? `: ${pointLabel}` : ""}
      </h2>
      {history.periods.length === 0 ? (
        <p className="text-sm text-slate-600">No status recorded yet.</p>
      ) : (
        <table className="w-full border-collapse text-left text-sm">
          <caption className="sr-only">Each status, oldest first, and how long it lasted</caption>
          <thead>
            <tr className="border-b border-slate-300">
              <th scope="col" className="py-2 pr-4">
                Status
              </th>
              <th scope="col" className="py-2 pr-4">
                Since
              </th>
              <th scope="col" className="py-2 pr-4">
                Until
              </th>
              <th scope="col" className="py-2">
                For
              </th>
            </tr>
          </thead>
          <tbody>
            {history.periods.map((period, i) => (
              <tr key={i} className="border-b border-slate-200">
                <th scope="row" className="py-2 pr-4 font-medium">
                  {period.label}
                </th>
                <td className="py-2 pr-4">
                  {period.since ? (
                    <time dateTime={period.since}>{formatDay(period.since)}</time>
                  ) : (
                    "Before the history began"
                  )}
                </td>
                <td className="py-2 pr-4">
                  {period.until ? <time dateTime={period.until}>{formatDay(period.until)}</time> : "Now"}
                </td>
                <td className="py-2">{days(period.days)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
