// What a server action answers a form: shared by client and server, so no server-only here.
export interface ActionState {
  status: "idle" | "success" | "error";
  /** A message about the whole form (success or failure). */
  formError?: string;
  message?: string;
  /** Messages keyed by form field. */
  fieldErrors: Record<string, string[]>;
}

export const IDLE: ActionState = { status: "idle", fieldErrors: {} };
