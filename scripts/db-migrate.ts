import { migrateUp } from "../db/migrate";
import { runWithDatabase } from "./run";

await runWithDatabase("db:migrate", async ({ db }) => {
  const applied = await migrateUp(db, undefined, (line) => console.log(`  ${line}`));
  console.log(applied.length === 0 ? "  nothing to apply: the database is up to date" : `  ${applied.length} applied`);
});
