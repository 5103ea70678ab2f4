import "server-only";
import { NextResponse } from "next/server";
import type { ErrorState } from "./action-state";
import {
  DatabaseUnavailableError,
  ForbiddenError,
  GENERIC_ERROR,
  NotFoundError,
  SignedOutError,
  TooLargeError,
  UserFacingError,
} from "./errors";
import { logError, withReference } from "./log";

// Every route handler answers its errors here, as JSON in the form state's error shape (the
// forms and the upload form read one shape), with the status each kind of error means.
const STATUS_OF: [kind: typeof UserFacingError, status: number][] = [
  [SignedOutError, 401],
  [ForbiddenError, 403],
  [NotFoundError, 404],
  [TooLargeError, 413],
  [DatabaseUnavailableError, 503],
];

export function errorResponse(error: unknown, what = "a request"): NextResponse<ErrorState> {
  if (error instanceof UserFacingError) {
    const status = STATUS_OF.find(([kind]) => error instanceof kind)?.[1] ?? 422;
    const headers: HeadersInit = status === 503 ? { "Retry-After": "5" } : {};
    return NextResponse.json(
      { status: "error", formError: error.message, fieldErrors: error.fieldErrors },
      { status, headers },
    );
  }
  logError(what, error); // only safe facts: a database error's message holds its parameters
  return NextResponse.json(
    { status: "error", formError: withReference(GENERIC_ERROR), fieldErrors: {} },
    { status: 500 },
  );
}

/** Refuses a state-changing request sent from another site (server actions do this themselves). */
export function assertSameOrigin(request: Request): void {
  const origin = request.headers.get("origin");
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  if (origin === null) return; // same-origin requests from older browsers, and non-browser clients
  let originHost: string | null;
  try {
    originHost = new URL(origin).host;
  } catch {
    originHost = null; // "null" (sandboxed frames, opaque origins) or garbage: another site
  }
  if (!originHost || (host && originHost !== host)) throw new ForbiddenError("Uploads must come from this site.");
}
