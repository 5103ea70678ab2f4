// Before `next dev`: bring the database up to date and, when it is empty, fill it with the
// demo portfolio, so that `npm install && npm run dev` shows a working app on a new machine.
import { migrateUp } from "../db/migrate";
import { installJobQueue } from "../lib/jobs/install";
import { isEmpty, seedDemo } from "../db/seed";
import { getStorage } from "../lib/attachments/storage";
import { runWithDatabase } from "./run";

await runWithDatabase("dev setup", async (handle) => {
  const { db } = handle;
  const applied = await migrateUp(db, undefined, (line) => console.log(`  ${line}`));
  if (applied.length === 0) console.log("  schema up to date");
  await installJobQueue(handle);
  if (await isEmpty(db)) {
    const { users, vbus } = await seedDemo(db, { storage: getStorage() });
    console.log(`  empty database: seeded the demo portfolio (${users} users, ${vbus} VBUs)`);
  }
});
if (process.exitCode) process.exit(process.exitCode);
