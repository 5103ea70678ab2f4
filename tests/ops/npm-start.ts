// `npm start` as an operator runs it, for the tests that need the real production server (over
// the build `npm run build` made) or its refusals: output captured, exit awaited.
import { type ChildProcess, spawn } from "node:child_process";

export interface Started {
  child: ChildProcess;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  /** Its exit code (null after a signal). */
  exited: Promise<number | null>;
}

/** Runs `npm start -- …args` with `env` over the test process's environment. */
export function npmStart(args: string[], env: Record<string, string | undefined>): Started {
  let log = "";
  const child = spawn("npm", ["start", "--", ...args], {
    env: { ...process.env, NODE_ENV: undefined, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (chunk: Buffer) => (log += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (log += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, output: () => log, exited };
}
