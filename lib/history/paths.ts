// The history page's URL, which people share: built here alone (client-safe).

/** What the history page is filtered by, as its query parameters name them. */
export interface HistoryQuery {
  field?: string;
  thesis?: string;
  point?: string;
  person?: string;
  /** The cursor: entries older than this id. */
  before?: string | number;
}

/** A VBU's change history, newest first, with the filters given (empty ones left out). */
export function historyPath(vbuId: string, query: HistoryQuery = {}): string {
  const search = new URLSearchParams();
  for (const key of ["field", "thesis", "point", "person", "before"] as const) {
    const value = query[key];
    if (value !== undefined && value !== "") search.set(key, String(value));
  }
  const qs = search.toString();
  return `/vbus/${vbuId}/history${qs ? `?${qs}` : ""}`;
}
