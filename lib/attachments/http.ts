import "server-only";
import { NextResponse } from "next/server";
import {
  DatabaseUnavailableError,
  ForbiddenError,
  GENERIC_ERROR,
  NotFoundError,
  SignedOutError,
  UserFacingError,
} from "../errors";
import { logError } from "../log";
import { TooLargeError } from "./storage";

// The attachment routes answer JSON errors in the same shape as server actions' form state.
export function errorResponse(error: unknown): NextResponse {
  if (error instanceof DatabaseUnavailableError) {
    return NextResponse.json(
      { status: "error", formError: error.message, fieldErrors: {} },
      { status: 503, headers: { "Retry-After": "5" } },
    );
  }
  if (error instanceof UserFacingError) {
    const status =
      error instanceof SignedOutError
        ? 401
        : error instanceof ForbiddenError
          ? 403
          : error instanceof NotFoundError
            ? 404
            : error instanceof TooLargeError
              ? 413
              : 422;
    const fieldErrors = error instanceof TooLargeError ? { file: [error.message] } : error.fieldErrors;
    return NextResponse.json({ status: "error", formError: error.message, fieldErrors }, { status });
  }
  logError("an attachment request", error); // only safe facts: a database error's message holds its parameters
  return NextResponse.json({ status: "error", formError: GENERIC_ERROR, fieldErrors: {} }, { status: 500 });
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
