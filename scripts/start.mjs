// `npm start`: the production server, one `next start` worker per core.
//
// A Next.js server renders on one thread, so one process uses one core. The app keeps no state
// in memory (sessions, locks and rate limits live in PostgreSQL), so the workers can share the
// port through node:cluster, which hands each new connection to the next worker in turn.
//
// The embedded PGlite database belongs to one process (its directory is locked), so without
// DATABASE_URL there is exactly one worker. WEB_CONCURRENCY sets the count explicitly.
// Arguments are passed to `next start` (-p, -H).
//
// Before any worker starts, the configuration several instances must share is checked
// (scripts/shared-config.mjs, CANVAS_INSTANCES): a problem stops it with a message naming the
// variable. On SIGTERM (or Ctrl-C) each worker stops gracefully (scripts/graceful-shutdown.mjs)
// and this process exits 0 once they all have.
import cluster from "node:cluster";
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { sharedConfigProblems } from "./shared-config.mjs";

const require = createRequire(import.meta.url);

const problems = sharedConfigProblems(process.env);
if (problems.length > 0) {
  for (const problem of problems) console.error(`canvas: cannot start: ${problem}`);
  process.exit(1);
}

function workerCount() {
  if (!process.env.DATABASE_URL?.trim()) return 1;
  const asked = Number.parseInt(process.env.WEB_CONCURRENCY ?? "", 10);
  return Number.isInteger(asked) && asked > 0 ? asked : availableParallelism();
}

const workers = workerCount();
cluster.setupPrimary({
  exec: require.resolve("next/dist/bin/next"),
  args: ["start", ...process.argv.slice(2)],
  // Each request learns the address its connection came from (scripts/client-address.mjs), and
  // gets an id, an access log line and a 503 when the database is unreachable, and the worker
  // a graceful stop (scripts/request-context.mjs).
  execArgv: [
    ...process.execArgv,
    "--import",
    new URL("./client-address.mjs", import.meta.url).href,
    "--import",
    new URL("./request-context.mjs", import.meta.url).href,
  ],
});
console.log(`canvas: starting ${workers} next start worker${workers === 1 ? "" : "s"} on Node ${process.version}`);

let stopping = false;
// NEXT_MANUAL_SIG_HANDLE: the worker's stop is scripts/graceful-shutdown.mjs's, not Next.js's.
// CANVAS_JOB_WORKER: the one process that also runs the job worker (lib/jobs/runtime.ts); a
// replacement for it takes it over.
let jobWorkerPid = null;
const fork = () => {
  const runsJobs = jobWorkerPid === null;
  const worker = cluster.fork({
    NODE_ENV: "production",
    NEXT_MANUAL_SIG_HANDLE: "true",
    CANVAS_JOB_WORKER: runsJobs ? "1" : "0",
  });
  if (runsJobs) jobWorkerPid = worker.process.pid;
  return worker;
};
for (let i = 0; i < workers; i++) fork();

// A worker that dies unexpectedly is replaced, unless it dies at once (a configuration error
// such as a missing BETTER_AUTH_SECRET would otherwise restart forever).
const startedAt = Date.now();
cluster.on("exit", (worker, code, signal) => {
  if (stopping) return;
  if (Date.now() - startedAt < 10_000) {
    console.error(`canvas: a worker exited while starting (${signal ?? `exit ${code}`}); stopping`);
    stop(1);
    return;
  }
  console.error(`canvas: worker ${worker.process.pid} exited (${signal ?? `exit ${code}`}); starting another`);
  if (worker.process.pid === jobWorkerPid) jobWorkerPid = null;
  fork();
});

/** How long the workers get to stop: their grace period (25 s) and closing the pool. */
const STOP_MS = 30_000;

function stop(code = 0) {
  stopping = true;
  if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(code);
  // Signalled directly: cluster's worker.kill() would first disconnect the worker, which waits
  // for its connections to end without a limit, before the signal the worker's stop answers.
  for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGTERM");
  const timer = setTimeout(() => {
    console.error(`canvas: workers still running after ${STOP_MS / 1000} s; killing them`);
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGKILL");
    process.exit(1);
  }, STOP_MS);
  timer.unref();
  cluster.on("exit", (_worker, exitCode, signal) => {
    if (exitCode !== 0 || signal) code = 1; // a worker that did not stop cleanly
    if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(code);
  });
}

// `on`, not `once`: Ctrl-C reaches npm and this process alike and npm relays it, so a second
// signal arrives while the workers finish; the default handler would cut that short.
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    if (!stopping) stop(0);
  });
}
