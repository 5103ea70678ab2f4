import "server-only";
import { getDatabaseHandle } from "../../db/client";
import { readEnv } from "../env";
import { logError, logger } from "../log";
import { jobQueue, stopJobQueue } from "./queue";
import { type JobWorker, startJobWorker } from "./worker";

// The jobs in a `next start` process (instrumentation.ts). The process that runs the worker is
// `npm start`'s first (CANVAS_JOB_WORKER=1, scripts/start.mjs), unless CANVAS_JOBS=off leaves the
// jobs to `npm run worker`; every other process only enqueues. On PGlite the queue must start
// here, before any request opens a transaction (it shares the one connection).
//
// A database that is away at boot does not stop the server: the start is retried with backoff,
// as the pool reconnects by itself.

const globalForRuntime = globalThis as unknown as {
  canvasJobWorker?: JobWorker;
  canvasJobsStarting?: boolean;
  /** Called by scripts/graceful-shutdown.mjs (outside the bundle) before it closes the pool. */
  canvasStopJobs?: (timeoutMs: number) => Promise<void>;
};

/**
 * Starts the queue (and the worker, in the process that runs it). On PGlite the server waits for
 * it (Next.js serves no request before register() resolves): a request's transaction that
 * enqueued while the queue was still starting would hold the connection the start needs. On
 * PostgreSQL it starts in the background, so an unreachable database does not hold the boot.
 */
export async function startJobsInServer(): Promise<void> {
  if (globalForRuntime.canvasJobsStarting) return;
  globalForRuntime.canvasJobsStarting = true;
  globalForRuntime.canvasStopJobs = stopJobsInServer;
  // Under `npm start` one process in the cluster runs it (scripts/start.mjs sets the variable);
  // a lone `next start` or `next dev` process runs it itself.
  const runsWorker = process.env.CANVAS_JOB_WORKER !== "0" && readEnv().CANVAS_JOBS === "on";
  const first = attempt(runsWorker, 1);
  if (getDatabaseHandle().engine === "pglite") await first;
}

async function attempt(runsWorker: boolean, tries: number): Promise<void> {
  try {
    if (runsWorker) globalForRuntime.canvasJobWorker = await startJobWorker(getDatabaseHandle());
    else await jobQueue();
  } catch (error) {
    const waitMs = Math.min(1_000 * 2 ** tries, 60_000);
    logError("starting the job queue", error);
    logger().warn({ retryInMs: waitMs }, "the job queue will try to start again");
    setTimeout(() => void attempt(runsWorker, tries + 1), waitMs).unref();
  }
}

/** On shutdown (scripts/graceful-shutdown.mjs), before the pool closes: jobs in hand finish first. */
export async function stopJobsInServer(timeoutMs: number): Promise<void> {
  const worker = globalForRuntime.canvasJobWorker;
  globalForRuntime.canvasJobWorker = undefined;
  if (worker) await worker.stop(timeoutMs);
  await stopJobQueue(timeoutMs);
}
