// The app's logger: pino, one JSON object per line on stdout, and the one way to log a
// failure. Only facts that cannot hold a secret are written. A database error's message
// carries its query and parameters (a session token, a password hash), a driver's `detail` the
// row's values, and a request's headers its cookies; none of that is written. What is: the
// error's class (and its causes'), the SQLSTATE or driver code, the request id, and where in
// the code it happened. The redaction (lib/ops/log-redaction.json, shared with the `npm start`
// preloads) guards any object logged later.
import pino from "pino";
import redaction from "./ops/log-redaction.json" with { type: "json" };
import { currentRequestId } from "./request-context";

const globalForLogger = globalThis as unknown as { canvasLogger?: pino.Logger };

/** The app's logger, writing to stdout or to `destination` (a test's capture). */
export function createLogger(
  destination?: pino.DestinationStream,
  // Tests log nothing unless asked (LOG_LEVEL=info); the app logs from info up.
  level = process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "silent" : "info"),
): pino.Logger {
  const options = { base: { pid: process.pid }, redact: { paths: redaction.paths, censor: redaction.censor }, level };
  return destination ? pino(options, destination) : pino(options);
}

/** One logger per process (a Next build holds several copies of lib/). */
export function logger(): pino.Logger {
  globalForLogger.canvasLogger ??= createLogger();
  return globalForLogger.canvasLogger;
}

interface ErrorFacts {
  name?: unknown;
  code?: unknown;
  stack?: unknown;
  cause?: unknown;
}

function className(error: ErrorFacts): string {
  const name = typeof error.name === "string" && error.name !== "Error" ? error.name : undefined;
  return name ?? (error as object).constructor?.name ?? "Error";
}

/** "DrizzleQueryError < PostgresError [57P01]": each class down the cause chain, and codes. */
export function describeError(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current !== null && current !== undefined; depth++) {
    if (typeof current !== "object") {
      parts.push(typeof current);
      break;
    }
    const facts = current as ErrorFacts;
    const code = typeof facts.code === "string" && /^[\w.-]{1,40}$/.test(facts.code) ? ` [${facts.code}]` : "";
    parts.push(`${className(facts)}${code}`);
    current = facts.cause;
  }
  return parts.join(" < ");
}

/** The "at ..." lines of a stack, without its first line (which repeats the message). */
function frames(error: unknown): string[] {
  const stack = (error as ErrorFacts | null)?.stack;
  if (typeof stack !== "string") return [];
  return stack
    .split("\n")
    .filter((line) => /^\s+at /.test(line))
    .slice(0, 6)
    .map((line) => line.trim());
}

/** Logs that `what` failed, with the request id (and a page error's digest) when there is one. */
export function logError(what: string, error: unknown, extra: { digest?: string; jobId?: string } = {}): void {
  const requestId = currentRequestId();
  logger().error(
    { requestId, ...extra, error: describeError(error), stack: frames(error) },
    `canvas: ${what} failed: ${describeError(error)}`,
  );
}

/** A generic failure message with the request id, for support to find its log lines. */
export function withReference(message: string): string {
  const requestId = currentRequestId();
  return requestId ? `${message} Reference: ${requestId}` : message;
}
