import "server-only";
import { sql } from "drizzle-orm";
import { type DrizzleTransactionLike, fromDrizzle, type PgBoss, type SendOptions } from "pg-boss";
import { type DatabaseHandle, getDatabaseHandle } from "../../db/client";
import type { Tx } from "../canvas/lock";
import { createBoss } from "./boss";

// The process's pg-boss, for enqueueing: the worker's own when this process runs one
// (lib/jobs/worker.ts), a sender otherwise. Kept on globalThis like the database it belongs to,
// and made again when that database changes (tests give each file its own).
interface Held {
  handle: DatabaseHandle;
  boss: PgBoss;
  ready: Promise<PgBoss>;
}
const globalForJobs = globalThis as unknown as { canvasJobs?: Held };

/** Makes `boss` (already started, or starting) the one this process enqueues through. */
export function holdBoss(handle: DatabaseHandle, boss: PgBoss, ready: Promise<PgBoss>): void {
  globalForJobs.canvasJobs = { handle, boss, ready };
}

/** Forgets the process's boss (after stopping it). */
export function forgetBoss(boss: PgBoss): void {
  if (globalForJobs.canvasJobs?.boss === boss) globalForJobs.canvasJobs = undefined;
}

/**
 * The started boss for the app's database. Started lazily on PostgreSQL (it has its own pool).
 * On PGlite it must be started before any transaction that enqueues (the server does at boot,
 * instrumentation.ts; the tests when they open the database): its start needs the one
 * connection a transaction holds.
 */
export function jobQueue(): Promise<PgBoss> {
  const handle = getDatabaseHandle();
  const held = globalForJobs.canvasJobs;
  if (held?.handle === handle) return held.ready;
  const boss = createBoss(handle, { role: "sender" });
  const ready = boss.start().then(() => boss);
  // A failed start (the database away) is forgotten, so the next enqueue tries again.
  ready.catch(() => forgetBoss(boss));
  holdBoss(handle, boss, ready);
  return ready;
}

/**
 * Enqueues a job inside `tx`: it exists if and only if the change that causes it commits.
 * `singletonKey` makes a second enqueue of the same work (a retried change) a no-op.
 */
export async function enqueue(tx: Tx, queue: string, data: object, options: SendOptions = {}): Promise<void> {
  const boss = await jobQueue();
  await boss.send(queue, data, { ...options, db: fromDrizzle(tx as unknown as DrizzleTransactionLike, sql) });
}

/** Stops the process's boss, letting jobs in hand finish (lib/jobs/worker.ts's stop, and tests). */
export async function stopJobQueue(timeoutMs = 20_000): Promise<void> {
  const held = globalForJobs.canvasJobs;
  if (!held) return;
  globalForJobs.canvasJobs = undefined;
  const boss = await held.ready.catch(() => null);
  await boss?.stop({ graceful: true, timeout: timeoutMs, close: true });
}
