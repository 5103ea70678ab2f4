// Nothing secret reaches a log when the database fails: a failed session lookup's query holds
// the session token in its parameters, and what is logged (or what Next.js would print of the
// thrown error) must name the error's class and code, never the token.
import { inspect } from "node:util";
import type { Logger } from "pino";
import { desc, sql } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "../../lib/zod";
import { getDb } from "../../db/client";
import { sessions } from "../../db/schema";
import { userAction } from "../../lib/action";
import { getCurrentUser } from "../../lib/auth/session";
import { GENERIC_ERROR } from "../../lib/errors";
import { createLogger } from "../../lib/log";
import { useSeededAppDatabase } from "../support/app-database";
import { ENGINES } from "../support/database";
import { cookieStore } from "../support/request";
import { formData, signInAs } from "../support/session";
import { IDLE } from "../../lib/action-state";

/** Everything console and the process streams receive while `work` runs, as it would print. */
async function captureOutput(work: () => Promise<void>): Promise<string> {
  const written: string[] = [];
  const spies = [
    ...(["log", "info", "warn", "error", "debug", "trace"] as const).map((method) =>
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        written.push(args.map((arg) => (typeof arg === "string" ? arg : inspect(arg, { depth: 10 }))).join(" "));
      }),
    ),
    ...[process.stdout, process.stderr].map((stream) =>
      vi.spyOn(stream, "write").mockImplementation((chunk: unknown) => {
        written.push(String(chunk));
        return true;
      }),
    ),
  ];
  // And the app's logger, at the level the app logs at (it is silent in tests unless asked).
  const globalForLogger = globalThis as unknown as { canvasLogger?: Logger };
  const previous = globalForLogger.canvasLogger;
  globalForLogger.canvasLogger = createLogger({ write: (line: string) => void written.push(line) }, "info");
  try {
    await work();
  } finally {
    for (const spy of spies) spy.mockRestore();
    globalForLogger.canvasLogger = previous;
  }
  return written.join("\n");
}

describe.each(ENGINES)("logging a failed session lookup on %s", (engine) => {
  useSeededAppDatabase(engine);
  let token: string;
  let cookie: string;

  beforeAll(async () => {
    await signInAs("ana");
    [{ token }] = (await getDb()
      .select({ token: sessions.token })
      .from(sessions)
      .orderBy(desc(sessions.createdAt))
      .limit(1)) as [{ token: string }];
    cookie = cookieStore.getAll().find((c) => c.name.endsWith("session_token"))!.value;
    // The session lookup now fails on the server, with the token among its parameters.
    await getDb().execute(sql`ALTER TABLE sessions RENAME TO sessions_away`);
  });
  afterEach(() => vi.restoreAllMocks());

  it("an action logs the error's class and SQLSTATE, and shows the generic message", async () => {
    const action = userAction(z.object({}), async () => {});
    let result: unknown;
    const output = await captureOutput(async () => {
      result = await action(IDLE, formData({}));
    });
    expect(result).toEqual({ status: "error", formError: GENERIC_ERROR, fieldErrors: {} });
    expect(output).toContain("DatabaseQueryError");
    expect(output).toContain("42P01"); // undefined_table
    // Booleans, so that a failure does not print the token either.
    expect(output.includes(token), "the token was logged").toBe(false);
    expect(output.includes(cookie), "the cookie was logged").toBe(false);
    expect(output).not.toMatch(/params/i);
  });

  it("the error a page would throw holds no token in its message, stack, cause or fields", async () => {
    const error = await getCurrentUser().then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(Error);
    const printed = [inspect(error, { depth: 10, showHidden: true }), String(error), (error as Error).stack].join("\n");
    expect(printed).toContain("42P01");
    expect(printed.includes(token), "the token is in the error").toBe(false);
  });
});
