// A `npm start` worker's stop, on SIGTERM (and SIGINT): stop taking connections, let the
// requests in flight finish (an upload whose body is still arriving included) for up to
// GRACE_MS, then close the database pool and exit 0. The worker runs `next start` with
// NEXT_MANUAL_SIG_HANDLE set (scripts/start.mjs), so Next.js's own handler (which waits without
// a limit, leaves the pool open and exits 143) stays out of the way.
//
// A request still running after the grace period has its connection cut: an upload then fails
// while reading its body, and the filesystem storage removes its staged file (stage() in
// lib/attachments/storage.ts); the storage sweep removes any left by a harder kill.
import { logger } from "./logger.mjs";

/** Long enough for a 10 MiB upload on a slow link; orchestrators usually allow 30 s before SIGKILL. */
export const GRACE_MS = 25_000;
/** After cutting connections, how long their handlers get to clean up. */
const CLEANUP_MS = 2_000;

const servers = new Set();
let inFlight = 0;
let stopping = false;
let settled = () => {};

export const isStopping = () => stopping;

/** Makes `server` one this worker closes when it stops. */
export function trackServer(server) {
  servers.add(server);
}

/** Counts a request until its response is done or its connection gone. */
export function trackRequest(response) {
  inFlight++;
  response.once("close", () => {
    inFlight--;
    // Its connection is idle now: closed, as no further request may use it.
    if (stopping) setImmediate(() => servers.forEach((server) => server.closeIdleConnections()));
    if (inFlight === 0) settled();
  });
}

function drained(ms) {
  if (inFlight === 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    settled = () => {
      clearTimeout(timer);
      resolve(true);
    };
  });
}

async function stop(signal) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal, inFlight }, "stopping: no new connections, finishing requests in flight");
  // The job worker (lib/jobs/runtime.ts) takes no new job; those in hand get the same grace. One
  // still running after it stays active in the database and is retried when it expires.
  const jobsStopped = Promise.resolve()
    .then(() => globalThis.canvasStopJobs?.(GRACE_MS))
    .catch((error) => logger.warn({ error: error?.name ?? "Error" }, "stopping the job worker failed"));
  for (const server of servers) {
    server.close();
    server.closeIdleConnections();
  }
  if (!(await drained(GRACE_MS))) {
    logger.warn({ inFlight }, `requests still running after ${GRACE_MS / 1000} s: closing their connections`);
    for (const server of servers) server.closeAllConnections();
    await drained(CLEANUP_MS);
  }
  await jobsStopped;
  try {
    // db/client.ts keeps the app's one pool (or PGlite) here, whichever bundle opened it.
    await globalThis.canvasDatabase?.close();
  } catch (error) {
    logger.warn({ error: error?.name ?? "Error" }, "closing the database pool failed");
  }
  logger.info("stopped");
  logger.flush?.();
  process.exit(0);
}

process.on("SIGTERM", () => void stop("SIGTERM"));
process.on("SIGINT", () => void stop("SIGINT"));
