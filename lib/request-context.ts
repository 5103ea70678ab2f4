// What the `npm start` preload hook (scripts/request-context.mjs) knows about the request
// being served: its id, for log lines, whether the database was unreachable while answering
// it, so that the hook turns the error page's 500 into a 503, and the digest of the error a
// page failed with, which the access line carries beside the id. The store lives on
// globalThis because a Next build holds several copies of lib/; outside `npm start` (dev,
// tests, scripts) there is none, and these do nothing.
import type { AsyncLocalStorage } from "node:async_hooks";

export interface RequestContext {
  id: string;
  databaseUnavailable: boolean;
  /** The digest Next.js gave the error this request's page failed with (the reference the error page shows). */
  digest?: string;
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

/** Notes the digest of the error the request being served failed with. */
export function noteErrorDigest(digest: string): void {
  const context = store()?.getStore();
  if (context) context.digest = digest;
}
