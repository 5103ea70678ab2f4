// Reverts every migration, applies them all again and seeds the demo portfolio.
import { sql } from "drizzle-orm";
import { migrateUp, rollbackLatest } from "../db/migrate";
import { JOBS_SCHEMA } from "../lib/jobs/boss";
import { installJobQueue } from "../lib/jobs/install";
import { seedDemo } from "../db/seed";
import { getStorage } from "../lib/attachments/storage";
import { runWithDatabase } from "./run";

await runWithDatabase("db:reset", async (handle) => {
  const { db } = handle;
  const log = (line: string) => console.log(`  ${line}`);
  while (await rollbackLatest(db, undefined, log));
  await db.execute(sql.raw(`DROP SCHEMA IF EXISTS ${JOBS_SCHEMA} CASCADE`));
  await migrateUp(db, undefined, log);
  await installJobQueue(handle);
  const { users, vbus } = await seedDemo(db, { storage: getStorage() });
  console.log(`  seeded ${users} users and ${vbus} VBUs`);
});
