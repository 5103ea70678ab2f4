// Password and session limits, shared by forms (client) and the server.
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 128;
export const SESSION_LIFETIME_SECONDS = 60 * 60 * 24 * 7;
