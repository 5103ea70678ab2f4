// Date formats the pages show, built once: `toLocaleDateString` with options builds a new
// Intl.DateTimeFormat on every call, a measurable share of a canvas page's render time.
const reviewMonth = new Intl.DateTimeFormat("en-GB", { month: "long", year: "numeric", timeZone: "UTC" });
const day = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "UTC" });
const moment = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

/** "2027-03" → "March 2027". */
export const formatReviewMonth = (month: string) => reviewMonth.format(new Date(`${month}-01T00:00:00Z`));
/** An ISO timestamp → "24 Nov 2026" (UTC). */
export const formatDay = (iso: string) => day.format(new Date(iso));
/** An ISO timestamp → "24 Nov 2026, 13:42 UTC". */
export const formatMoment = (iso: string) => `${moment.format(new Date(iso))} UTC`;

/** The first day of the month `offset` months from `now`, in UTC, as an ISO date (YYYY-MM-01). */
export function monthFromNow(offset: number, now: Date = new Date()): string {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1)).toISOString().slice(0, 10);
}
