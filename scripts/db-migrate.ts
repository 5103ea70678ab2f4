import { migrateUp } from "../db/migrate";
import { installJobQueue } from "../lib/jobs/install";
import { runWithDatabase } from "./run";

await runWithDatabase("db:migrate", async (handle) => {
  const applied = await migrateUp(handle.db, undefined, (line) => console.log(`  ${line}`));
  console.log(applied.length === 0 ? "  nothing to apply: the database is up to date" : `  ${applied.length} applied`);
  await installJobQueue(handle);
  console.log("  job queue (pg-boss) installed");
});
