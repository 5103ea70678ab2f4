// What a server action answers a form: shared by client and server, so no server-only here.
// A discriminated union, so each state carries exactly what it means; an action that can meet
// a conflict names what the conflict carries, and a form reading it as anything else does not
// compile.

/** Messages keyed by form field. */
export type FieldErrors = Partial<Record<string, string[]>>;

export type ActionState<Conflict = never> =
  | { status: "idle" }
  | {
      status: "success";
      /** Said to the person, when there is something to say. */
      message?: string;
      /** After a versioned save: the new version, for the next save. */
      version?: number;
    }
  | { status: "error"; formError: string; fieldErrors: FieldErrors }
  | {
      status: "conflict";
      /** Says someone else saved first and nothing was applied. */
      formError: string;
      /** What is saved now, for the form to show beside the person's input. */
      latest: Conflict;
    };

/**
 * A server action as a form calls it. useActionState passes the previous state first; the
 * actions never read it (so `unknown`: any action fits where any other is expected).
 */
export type ServerAction<Conflict = never> = (previous: unknown, formData: FormData) => Promise<ActionState<Conflict>>;

/** A failure as the routes answer it too (lib/http.ts): one shape for forms and uploads. */
export type ErrorState = Extract<ActionState, { status: "error" }>;

export const IDLE: ActionState = { status: "idle" };

/** The message a state has for the person, if any: an error's, a conflict's or a success's. */
export function messageOf(state: ActionState<unknown>): { text: string; failed: boolean } | null {
  if (state.status === "error" || state.status === "conflict") return { text: state.formError, failed: true };
  if (state.status === "success" && state.message) return { text: state.message, failed: false };
  return null;
}
