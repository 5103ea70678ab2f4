// Errors a person may see. Anything else is logged and shown as a generic message.
export class UserFacingError extends Error {
  constructor(
    message: string,
    /** Messages keyed by form field, when the problem belongs to one. */
    readonly fieldErrors: Record<string, string[]> = {},
  ) {
    super(message);
    this.name = "UserFacingError";
  }
}

/** Not signed in, or the session has ended. */
export class SignedOutError extends UserFacingError {
  constructor() {
    super("Your session has ended. Sign in again.");
    this.name = "SignedOutError";
  }
}

/** Signed in, but this person may not do this. */
export class ForbiddenError extends UserFacingError {
  constructor(message = "You do not have permission to do that.") {
    super(message);
    this.name = "ForbiddenError";
  }
}

/** The record does not exist, or this person may not know that it does. */
export class NotFoundError extends UserFacingError {
  constructor(what = "That record") {
    super(`${what} was not found. It may have been deleted.`);
    this.name = "NotFoundError";
  }
}

export const GENERIC_ERROR = "Something went wrong on our side. Nothing was changed; please try again.";

interface DriverError {
  code?: string;
  constraint_name?: string;
  constraint?: string;
}

/** The SQLSTATE and constraint of a database error (postgres.js or PGlite, wrapped by Drizzle). */
export function databaseErrorOf(error: unknown): { code?: string; constraint?: string } {
  const cause = (error as { cause?: DriverError } | null)?.cause ?? (error as DriverError | null);
  if (!cause || typeof cause !== "object") return {};
  return { code: cause.code, constraint: cause.constraint_name ?? cause.constraint };
}

/** Someone else saved first: the caller's change was not applied. `latest` is what is saved now. */
export class ConflictError<Latest = unknown> extends UserFacingError {
  constructor(
    message: string,
    readonly latest: Latest,
  ) {
    super(message);
    this.name = "ConflictError";
  }
}
