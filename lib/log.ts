// The one way to log a failure: only facts that cannot hold a secret. A database error's
// message carries its query and parameters (a session token, a password hash), a driver's
// `detail` the row's values, and a request's headers its cookies; none of that is written.
// What is: the error's class (and its causes'), the SQLSTATE or driver code, the request id,
// and where in the code it happened.
import { currentRequestId } from "./request-context";

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
function frames(error: unknown): string {
  const stack = (error as ErrorFacts | null)?.stack;
  if (typeof stack !== "string") return "";
  const lines = stack.split("\n").filter((line) => /^\s+at /.test(line));
  return lines.length ? `\n${lines.slice(0, 6).join("\n")}` : "";
}

/** Logs that `what` failed, with the request id when there is one. */
export function logError(what: string, error: unknown): void {
  const request = currentRequestId();
  console.error(
    `canvas: ${what} failed: ${describeError(error)}${request ? ` (request ${request})` : ""}${frames(error)}`,
  );
}
