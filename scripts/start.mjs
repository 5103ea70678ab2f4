// `npm start`: the production server, one `next start` worker per core.
//
// A Next.js server renders on one thread, so one process uses one core. The app keeps no state
// in memory (sessions, locks and rate limits live in PostgreSQL), so the workers can share the
// port through node:cluster, which hands each new connection to the next worker in turn.
//
// The embedded PGlite database belongs to one process (its directory is locked), so without
// DATABASE_URL there is exactly one worker. WEB_CONCURRENCY sets the count explicitly.
// Arguments are passed to `next start` (-p, -H).
import cluster from "node:cluster";
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";

const require = createRequire(import.meta.url);

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
  // gets an id and a 503 when the database is unreachable (scripts/request-context.mjs).
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
const fork = () => cluster.fork({ NODE_ENV: "production" });
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
  fork();
});

function stop(code = 0) {
  stopping = true;
  for (const worker of Object.values(cluster.workers ?? {})) worker?.kill("SIGTERM");
  const timer = setTimeout(() => process.exit(code), 10_000);
  timer.unref();
  cluster.on("exit", () => {
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
