// A fresh production server of its own for a test: `npm start`'s script (scripts/start.mjs)
// over the build `npm run test:e2e` made, on a new PostgreSQL database seeded with the demo
// portfolio, on a free port. For what only a fresh worker shows (the first request it ever
// answers), what a worker logs, and faults done to its database.
import { test as base } from "@playwright/test";
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
// Not tests/support/database.ts: it reaches vitest and the seed's server-only code, which Playwright cannot load.
import { createScratchDatabase, type ScratchDatabase } from "../../db/scratch";
import { freePort } from "../../tests/support/free-port";

const execFileAsync = promisify(execFile);

export interface ProductionServer {
  url: string;
  database: ScratchDatabase;
  /** `npm start`'s primary process (scripts/start.mjs), whose workers are its children. */
  child: ChildProcess;
  /** Where its evidence files are (with the fs driver), and its uploads staged (with either). */
  attachmentsDir: string;
  /** Everything the server wrote to stdout and stderr so far. */
  output(): string;
  /** Stops the server, then drops its database and files. */
  close(): Promise<void>;
}

/** Resolves once the server answers, or rejects with its output if it exits first. */
function ready(child: ChildProcess, url: string, output: () => string): Promise<void> {
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + 60_000;
    const onExit = (code: number | null) => reject(new Error(`The server exited (${code}):\n${output()}`));
    child.once("exit", onExit);
    const probe = async () => {
      try {
        const response = await fetch(`${url}/sign-in`, { redirect: "manual" });
        if (response.ok) {
          child.off("exit", onExit);
          return resolve();
        }
      } catch {
        // Not listening yet.
      }
      if (Date.now() > deadline) return reject(new Error(`The server did not answer in 60 s:\n${output()}`));
      setTimeout(() => void probe(), 100);
    };
    void probe();
  });
}

export interface ServerOptions {
  /** `next start` workers (WEB_CONCURRENCY); one by default, so "the first request" is well defined. */
  workers?: number;
  env?: Record<string, string>;
  /**
   * A database to share with other servers (seedDatabase), which close() leaves; without it the
   * server gets a seeded database of its own, dropped with it.
   */
  database?: ScratchDatabase;
  /**
   * The port to listen on; a free one by default. A test that must know the server's URL before
   * it starts (to give it as BETTER_AUTH_URL, its public URL) picks one with freePort().
   */
  port?: number;
}

/**
 * A new PostgreSQL database with the demo portfolio, its evidence files written where `env`'s
 * storage settings say (ATTACHMENTS_DIR, or STORAGE_DRIVER=s3 and its S3_* variables).
 */
export async function seedDatabase(env: Record<string, string>): Promise<ScratchDatabase> {
  const database = await createScratchDatabase("postgres", { defaultActor: "system:tests" });
  // The seed freezes review snapshots with server-only code, which only loads under the
  // react-server condition: `npm run db:seed`'s script seeds it, evidence files included.
  // Not execFileSync: an S3 server the test runs in this process must go on answering the seed.
  try {
    await execFileAsync("npx", ["tsx", "--conditions=react-server", "scripts/db-seed.ts"], {
      env: { ...process.env, ...env, DATABASE_URL: database.url! },
    });
  } catch (error) {
    await database.drop();
    throw error;
  }
  return database;
}

export async function startProductionServer(options: ServerOptions = {}): Promise<ProductionServer> {
  const scratch = mkdtempSync(join(tmpdir(), "canvas-production-"));
  const env = { ATTACHMENTS_DIR: join(scratch, "uploads"), ...options.env };
  const ownDatabase = options.database ? null : await seedDatabase(env);
  const database = options.database ?? ownDatabase!;
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  let log = "";
  const child = spawn(process.execPath, ["scripts/start.mjs", "-H", "127.0.0.1", "-p", String(port)], {
    env: {
      ...process.env,
      DATABASE_URL: database.url!,
      WEB_CONCURRENCY: String(options.workers ?? 1),
      BETTER_AUTH_SECRET: randomBytes(32).toString("hex"),
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout.on("data", (chunk: Buffer) => (log += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (log += chunk.toString()));
  const output = () => log;
  const close = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    }
    await ownDatabase?.drop();
    rmSync(scratch, { recursive: true, force: true });
  };
  try {
    await ready(child, url, output);
  } catch (error) {
    await close();
    throw error;
  }
  return { url, database, output, close, child, attachmentsDir: env.ATTACHMENTS_DIR };
}

/**
 * Playwright's test with a production server of its own for each test (`server`), which the
 * page and `request` address by relative URLs. `serverOptions` chooses its workers and env.
 */
// (A fixture's second parameter is named `provide`, not Playwright's usual `use`, which the
// React hooks lint rule takes for React's.)
export const test = base.extend<{ serverOptions: ServerOptions; server: ProductionServer }>({
  serverOptions: [{ workers: 1 }, { option: true }],
  server: async ({ serverOptions }, provide) => {
    const server = await startProductionServer(serverOptions);
    try {
      await provide(server);
    } finally {
      await server.close();
    }
  },
  baseURL: async ({ server }, provide) => {
    await provide(server.url);
  },
});
export { expect } from "@playwright/test";
