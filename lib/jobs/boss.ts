// The job queue: pg-boss on the app's own database. On PostgreSQL it has a small pool of its own;
// on the embedded PGlite it shares the one connection (pg-boss's PGlite adapter). The queue's
// tables live in the `pgboss` schema, installed with the migrations (lib/jobs/install.ts).
import { PgBoss, fromPglite, type Clock, type ConstructorOptions } from "pg-boss";
import type { DatabaseHandle } from "../../db/client";

export const JOBS_SCHEMA = "pgboss";

export interface BossOptions {
  /**
   * A worker runs handlers, maintenance and the cron schedules; a sender only enqueues; the
   * installer creates or upgrades the schema. Only the installer and a worker may migrate it.
   */
  role: "sender" | "worker" | "installer";
  /** A TestClock in tests; the system clock otherwise. */
  clock?: Clock;
}

export function createBoss(handle: Pick<DatabaseHandle, "queue">, { role, clock }: BossOptions): PgBoss {
  const worker = role === "worker";
  const where: ConstructorOptions =
    "url" in handle.queue
      ? { connectionString: handle.queue.url, max: worker ? 4 : 2, application_name: "canvas-jobs" }
      : { db: fromPglite(handle.queue.pglite), backend: "pglite" };
  const boss = new PgBoss({
    ...where,
    schema: JOBS_SCHEMA,
    migrate: role !== "sender",
    supervise: worker,
    schedule: worker,
    registerInstance: false,
    openTelemetry: { enabled: false },
    ...(clock ? { clock } : {}),
  });
  // pg-boss reports errors it recovers from as events; left unheard, an "error" event would throw.
  boss.on("error", (error) => void reportJobError(error));
  return boss;
}

async function reportJobError(error: unknown) {
  const { logError } = await import("../log");
  logError("job queue", error);
}
