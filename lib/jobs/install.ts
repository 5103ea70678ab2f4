// Installs (or upgrades) pg-boss's schema and creates the app's queues: run with the migrations
// (scripts/db-migrate.ts, dev setup, the tests' template databases), so that a change can enqueue
// its jobs in its own transaction before any worker has started.
import type { DatabaseHandle } from "../../db/client";
import { createBoss } from "./boss";
import { QUEUES } from "./queues";

export async function installJobQueue(handle: Pick<DatabaseHandle, "queue">): Promise<void> {
  const boss = createBoss(handle, { role: "installer" });
  await boss.start();
  try {
    const existing = new Set((await boss.getQueues()).map((q) => q.name));
    for (const [name, options] of Object.entries(QUEUES)) {
      if (existing.has(name)) await boss.updateQueue(name, options);
      else await boss.createQueue(name, options);
    }
  } finally {
    // PGlite is the caller's: pg-boss closes only a pool of its own.
    await boss.stop({ graceful: false, close: true });
  }
}
