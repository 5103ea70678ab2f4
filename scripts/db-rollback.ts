import { rollbackLatest } from "../db/migrate";
import { runWithDatabase } from "./run";

await runWithDatabase("db:rollback", async ({ db }) => {
  const reverted = await rollbackLatest(db, undefined, (line) => console.log(`  ${line}`));
  if (!reverted) console.log("  nothing to revert: no migration is applied");
});
