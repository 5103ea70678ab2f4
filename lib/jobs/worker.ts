import "server-only";
import type { Clock, Job, PgBoss } from "pg-boss";
import type { DatabaseHandle } from "../../db/client";
import { logError, logger } from "../log";
import { createBoss } from "./boss";
import { JOB_HANDLERS } from "./handlers";
import { forgetBoss, holdBoss } from "./queue";
import { SCHEDULES } from "./queues";

// The job worker: runs the handlers (lib/jobs/handlers.ts) and the schedules (lib/jobs/queues.ts)
// in `npm start`'s first worker process (instrumentation.ts) or in `npm run worker`. Any number
// may run: pg-boss hands each job to one of them, and fires each schedule once.
//
// No job is lost on shutdown: stop() lets the jobs in hand finish for up to its timeout; one still
// running after that stays active in the database until it expires (expireInSeconds) and is then
// retried, and every handler is idempotent, so finishing it twice changes nothing.

export interface JobWorker {
  boss: PgBoss;
  stop(timeoutMs?: number): Promise<void>;
}

export async function startJobWorker(handle: DatabaseHandle, { clock }: { clock?: Clock } = {}): Promise<JobWorker> {
  const boss = createBoss(handle, { role: "worker", clock });
  const ready = boss.start().then(() => boss);
  holdBoss(handle, boss, ready);
  try {
    await ready;
  } catch (error) {
    forgetBoss(boss);
    throw error;
  }
  const now = () => new Date(clock ? clock.now() : Date.now());
  for (const [queue, handler] of Object.entries(JOB_HANDLERS)) {
    await boss.work(queue, { pollingIntervalSeconds: 2 }, async (jobs: Job<object>[]) => {
      for (const job of jobs) {
        try {
          await handler(job.data, { now: now(), jobId: job.id });
        } catch (error) {
          logError(`job ${queue}`, error, { jobId: job.id });
          throw error; // pg-boss retries it, with backoff (lib/jobs/queues.ts)
        }
      }
    });
  }
  for (const { queue, cron } of SCHEDULES) await boss.schedule(queue, cron, {}, { tz: "UTC" });
  logger().info({ queues: Object.keys(JOB_HANDLERS) }, "job worker started");
  return {
    boss,
    stop: async (timeoutMs = 20_000) => {
      forgetBoss(boss);
      await boss.stop({ graceful: true, timeout: timeoutMs, close: true });
    },
  };
}
