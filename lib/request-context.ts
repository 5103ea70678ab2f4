// What the `npm start` preload hook (scripts/request-context.mjs) knows about the request
// being served: its id, for log lines, and whether the database was unreachable while
// answering it, so that the hook turns the error page's 500 into a 503. The store lives on
// globalThis because a Next build holds several copies of lib/; outside `npm start` (dev,
// tests, scripts) there is none, and these do nothing.
import type { AsyncLocalStorage } from "node:async_hooks";

export interface RequestContext {
  id: string;
  databaseUnavailable: boolean;
}

const STORE = Symbol.for("canvas.request-context");

function store(): AsyncLocalStorage<RequestContext> | undefined {
  return (globalThis as { [STORE]?: AsyncLocalStorage<RequestContext> })[STORE];
}

/** The id of the request being served, if any. */
export function currentRequestId(): string | undefined {
  return store()?.getStore()?.id;
}

/** Marks the request being served as one the database could not answer. */
export function markDatabaseUnavailable(): void {
  const context = store()?.getStore();
  if (context) context.databaseUnavailable = true;
}
