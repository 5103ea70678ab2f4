import { MIN_PASSWORD_LENGTH } from "./limits";

/** What a new password must be, as every form that sets one says it under the field. */
export const PASSWORD_HINT = `At least ${MIN_PASSWORD_LENGTH} characters.`;
