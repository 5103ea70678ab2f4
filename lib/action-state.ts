// What a server action answers a form: shared by client and server, so no server-only here.
export interface ActionState {
  status: "idle" | "success" | "error";
  /** A message about the whole form (success or failure). */
  formError?: string;
  message?: string;
  /** Messages keyed by form field. */
  fieldErrors: Record<string, string[]>;
  /** On a conflict: what is saved now, so the form can show it beside the person's input. */
  conflict?: { latest: unknown };
  /** After a versioned save: the new version, for the next save. */
  version?: number;
}

export const IDLE: ActionState = { status: "idle", fieldErrors: {} };
