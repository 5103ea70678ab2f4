// Which database errors mean "PostgreSQL cannot be reached" rather than "this query is wrong".

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

// Opening a connection failed: the server is down, refuses, or is too slow to greet us.
const CONNECT_FAULTS = new Set([
  "CONNECT_TIMEOUT", // postgres.js: no answer within connect_timeout
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ETIMEDOUT",
  "55000", // "database is not currently accepting connections" (ALLOW_CONNECTIONS false)
  "57P03", // cannot_connect_now: starting up or shutting down
  "53300", // too_many_connections
  "3D000", // the database does not exist (dropped or renamed under us)
  "28000", // invalid_authorization_specification (pg_hba refuses)
  "28P01", // invalid_password
]);

// An open connection went away under a query.
const DROPPED = new Set([
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "ECONNRESET",
  "EPIPE",
  "57P01", // admin_shutdown: pg_terminate_backend, or a fast shutdown
  "57P02", // crash_shutdown
]);

/** A failure to open a connection: the database is unreachable, not one connection lost. */
export function isConnectFault(error: unknown): boolean {
  const code = codeOf(error);
  return code !== undefined && (CONNECT_FAULTS.has(code) || code.startsWith("08"));
}

/** Any connection-level failure: what a retry on a fresh connection may cure. */
export function isConnectionFault(error: unknown): boolean {
  const code = codeOf(error);
  return code !== undefined && (DROPPED.has(code) || isConnectFault(error));
}
