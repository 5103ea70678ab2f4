import { Words } from "@/app/_components/review-diff";
import { formatDay } from "@/lib/dates";
import type { HistoryDay, HistoryDetail, HistoryEntryView } from "@/lib/history/read";

// The change history as people read it: one sentence per entry ("Ana Silva changed Primary
// focus"), then its values before and after ("Status: In progress → Observed") or the edited
// words marked (added underlined, removed struck through, and said so to screen readers).
// Server-rendered; shared by the history page and the canvas page's History section.

const time = new Intl.DateTimeFormat("en-GB", { timeStyle: "short", timeZone: "UTC" });

export function HistoryEntry({ entry, withDay = false }: { entry: HistoryEntryView; withDay?: boolean }) {
  return (
    <li className="space-y-1 border-b border-slate-200 py-3 text-sm last:border-b-0">
      <p>
        <time dateTime={entry.at} className="mr-2 text-xs text-slate-600">
          {withDay ? `${formatDay(entry.at)}, ` : ""}
          {time.format(new Date(entry.at))} UTC
        </time>
        <span className="font-medium">{entry.who}</span> {entry.verb} {entry.what}
      </p>
      {entry.details.length > 0 && (
        <ul className="space-y-1 pl-4 text-slate-800">
          {entry.details.map((detail, i) => (
            <li key={i}>
              <Detail detail={detail} />
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

function Detail({ detail }: { detail: HistoryDetail }) {
  if (detail.kind === "values") {
    return (
      <p>
        <span className="font-medium text-slate-700">{detail.label}:</span> {detail.before} → {detail.after}
      </p>
    );
  }
  return (
    <p>
      <span className="font-medium text-slate-700">
        {detail.label} {detail.change}:
      </span>{" "}
      <Words words={detail.words} />
    </p>
  );
}

/** Entries grouped by day, a heading per day, newest first. */
export function HistoryDays({ days, level }: { days: HistoryDay[]; level: 2 | 3 }) {
  const Heading = level === 2 ? "h2" : "h3";
  return (
    <div className="space-y-6">
      {days.map((day) => (
        <section key={day.day} aria-labelledby={`day-${day.day}`}>
          <Heading id={`day-${day.day}`} className="text-base font-semibold text-slate-900">
            <time dateTime={day.day}>{formatDay(`${day.day}T00:00:00Z`)}</time>
          </Heading>
          <ol className="rounded-lg border border-slate-200 bg-white px-4">
            {day.entries.map((entry) => (
              <HistoryEntry key={entry.id} entry={entry} />
            ))}
          </ol>
        </section>
      ))}
    </div>
  );
}
