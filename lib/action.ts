import "server-only";
import { unstable_rethrow } from "next/navigation";
import { z } from "./zod";
import { requireUser, type SessionUser } from "./auth/session";
import { ConflictError, GENERIC_ERROR, UserFacingError } from "./errors";
import type { ActionState, ServerAction } from "./action-state";
import { logError, withReference } from "./log";

export type { ActionState, ServerAction } from "./action-state";

/** The answer to arguments that are not a form (a hand-made request): nothing to highlight. */
export const UNREADABLE_FORM = "This form could not be read. Reload the page and try again.";

/** FormData as a plain object of strings; a repeated key keeps its last value. */
export function formDataToObject(formData: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of formData.entries()) {
    if (typeof value === "string" && !key.startsWith("$ACTION")) out[key] = value;
  }
  return out;
}

function failure<Conflict>(error: unknown): ActionState<Conflict> {
  unstable_rethrow(error); // redirect() and notFound() are not failures
  if (error instanceof ConflictError) {
    // The action declared what its conflicts carry (userAction's Conflict): lib/ throws that.
    return { status: "conflict", formError: error.message, latest: error.latest as Conflict };
  }
  if (error instanceof UserFacingError) {
    return { status: "error", formError: error.message, fieldErrors: error.fieldErrors };
  }
  logError("a server action", error); // only safe facts: a database error's message holds its parameters
  return { status: "error", formError: withReference(GENERIC_ERROR), fieldErrors: {} };
}

const unreadable = (): ActionState<never> => ({ status: "error", formError: UNREADABLE_FORM, fieldErrors: {} });

function invalid(error: z.ZodError): ActionState<never> {
  return {
    status: "error",
    formError: "Check the highlighted fields.",
    fieldErrors: z.flattenError(error).fieldErrors,
  };
}

/**
 * The one shape of every server action: session, then zod, then the handler (which calls
 * lib/, where the exact record is authorised), with typed errors turned into form state.
 * Every exported action is a public endpoint: none may skip this. An action whose handler may
 * throw a ConflictError names what the conflict carries as `Conflict`.
 */
export function userAction<S extends z.ZodType, Conflict = never>(
  schema: S,
  handler: (input: z.output<S>, user: SessionUser) => Promise<ActionState<Conflict> | void>,
  options: { allowTemporaryPassword?: boolean } = {},
): ServerAction<Conflict> {
  // The arguments are whatever the client sent, not necessarily a form: checked, not trusted.
  return async (_previous, formData) => {
    try {
      const user = await requireUser(options); // first: a caller without a session learns nothing more
      if (!(formData instanceof FormData)) return unreadable();
      const parsed = schema.safeParse(formDataToObject(formData));
      if (!parsed.success) return invalid(parsed.error);
      return (await handler(parsed.data, user)) ?? { status: "success" };
    } catch (error) {
      return failure<Conflict>(error);
    }
  };
}

/** The same without a session, for sign-in only. */
export function publicAction<S extends z.ZodType>(
  schema: S,
  handler: (input: z.output<S>) => Promise<ActionState | void>,
): ServerAction {
  return async (_previous, formData) => {
    try {
      if (!(formData instanceof FormData)) return unreadable();
      const parsed = schema.safeParse(formDataToObject(formData));
      if (!parsed.success) return invalid(parsed.error);
      return (await handler(parsed.data)) ?? { status: "success" };
    } catch (error) {
      return failure(error);
    }
  };
}
