// `npm start` as an operator runs it, for the tests that need the real production server (over
// the build `npm run build` made) or its refusals: output captured, exit awaited.
import { type ChildProcessByStdio, spawn } from "node:child_process";
import type { Readable } from "node:stream";

export interface Started {
  child: ChildProcessByStdio<null, Readable, Readable>;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  /** Its exit code (null after a signal). */
  exited: Promise<number | null>;
}

/** Runs `npm start -- …args` with `env` over the test process's environment. */
export function npmStart(args: string[], env: Record<string, string | undefined>): Started {
  let log = "";
  // `npm start` sets NODE_ENV=production for its workers; vitest's "test" must not leak in.
  const childEnv: Record<string, string | undefined> = { ...process.env, ...env };
  delete childEnv.NODE_ENV;
  const child: ChildProcessByStdio<null, Readable, Readable> = spawn("npm", ["start", "--", ...args], {
    env: childEnv as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout.on("data", (chunk: Buffer) => (log += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (log += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code: number | null) => resolve(code)));
  return { child, output: () => log, exited };
}
