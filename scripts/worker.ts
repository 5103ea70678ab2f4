// `npm run worker`: the job worker on its own (lib/jobs/worker.ts), for a deployment that keeps
// jobs out of the web processes (CANVAS_JOBS=off on them). PostgreSQL only: the embedded PGlite
// belongs to the one app process, which runs its jobs itself. Stops on SIGTERM/SIGINT, letting
// the jobs in hand finish for up to 25 s; one still running then is retried when it expires.
import { openDatabaseFromEnv } from "../db/client";
import { readEnv } from "../lib/env";
import { startJobWorker } from "../lib/jobs/worker";

if (!readEnv().DATABASE_URL) {
  console.error("worker: DATABASE_URL is not set. With the embedded PGlite, `npm start` runs the jobs itself.");
  process.exit(1);
}
const handle = openDatabaseFromEnv();
(globalThis as unknown as { canvasDatabase?: typeof handle }).canvasDatabase = handle;
const worker = await startJobWorker(handle);
console.log(`worker: running jobs on ${handle.description}`);

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log(`worker: ${signal}: finishing the jobs in hand`);
    void worker
      .stop(25_000)
      .then(() => handle.close())
      .then(
        () => process.exit(0),
        () => process.exit(1),
      );
  });
}
