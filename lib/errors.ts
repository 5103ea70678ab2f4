// Errors a person may see. Anything else is logged and shown as a generic message.
//
// A Next.js build bundles route handlers apart from pages and actions, so this module can
// exist twice in one process, and an error made by one copy is not an instance of the other
// copy's class. What is shared on globalThis (the auth object, the storage) throws from
// whichever copy built it. So `instanceof` here checks a brand the error carries (the names
// of its classes, under a registered symbol) instead of the class's identity.
const BRANDS = Symbol.for("canvas.error-brands");

function brandsOf(value: unknown): readonly string[] {
  const brands = (value as { [BRANDS]?: unknown } | null)?.[BRANDS];
  return Array.isArray(brands) ? (brands as string[]) : [];
}

export class UserFacingError extends Error {
  /** Each class names itself; an error carries the names of its class and every parent. */
  static readonly brand: string = "UserFacingError";
  declare readonly [BRANDS]: readonly string[];

  static [Symbol.hasInstance](value: unknown): boolean {
    return brandsOf(value).includes(this.brand);
  }

  constructor(
    message: string,
    /** Messages keyed by form field, when the problem belongs to one. */
    readonly fieldErrors: Record<string, string[]> = {},
  ) {
    super(message);
    this.name = "UserFacingError";
    const brands: string[] = [];
    for (let c = new.target as { brand?: string } | null; c?.brand; c = Object.getPrototypeOf(c) as typeof c) {
      if (Object.hasOwn(c, "brand")) brands.push(c.brand);
    }
    Object.defineProperty(this, BRANDS, { value: brands });
  }
}

/** Not signed in, or the session has ended. */
export class SignedOutError extends UserFacingError {
  static override readonly brand = "SignedOutError";
  constructor() {
    super("Your session has ended. Sign in again.");
    this.name = "SignedOutError";
  }
}

/** Signed in, but this person may not do this. */
export class ForbiddenError extends UserFacingError {
  static override readonly brand = "ForbiddenError";
  constructor(message = "You do not have permission to do that.") {
    super(message);
    this.name = "ForbiddenError";
  }
}

/** The record does not exist, or this person may not know that it does. */
export class NotFoundError extends UserFacingError {
  static override readonly brand = "NotFoundError";
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
  static override readonly brand = "ConflictError";
  constructor(
    message: string,
    readonly latest: Latest,
  ) {
    super(message);
    this.name = "ConflictError";
  }
}

/**
 * PostgreSQL cannot be reached (refused, dropped, or too slow to answer): a person is told to
 * try again shortly, pages answer 503 and route handlers 503 with Retry-After. Its `digest`
 * survives Next's redaction of server errors, so the error pages know it from any other.
 */
export class DatabaseUnavailableError extends UserFacingError {
  static override readonly brand = "DatabaseUnavailableError";
  static readonly digest = "CANVAS_DATABASE_UNAVAILABLE";
  readonly digest = DatabaseUnavailableError.digest;
  constructor(
    /** The driver's code or SQLSTATE that showed it (never its message: that can hold a query's parameters). */
    readonly code = "UNKNOWN",
  ) {
    super("Canvas cannot reach its database just now. Try again in a minute.");
    this.name = "DatabaseUnavailableError";
  }
}

/** A request body larger than the most it may be (an upload past its limit). */
export class TooLargeError extends UserFacingError {
  static override readonly brand = "TooLargeError";
  constructor(message: string, fieldErrors: Record<string, string[]> = {}) {
    super(message, fieldErrors);
    this.name = "TooLargeError";
  }
}
