// Reverts every migration, applies them all again and seeds the demo portfolio.
import { migrateUp, rollbackLatest } from "../db/migrate";
import { seedDemo } from "../db/seed";
import { getStorage } from "../lib/attachments/storage";
import { runWithDatabase } from "./run";

await runWithDatabase("db:reset", async ({ db }) => {
  const log = (line: string) => console.log(`  ${line}`);
  while (await rollbackLatest(db, undefined, log));
  await migrateUp(db, undefined, log);
  const { users, vbus } = await seedDemo(db, { storage: getStorage() });
  console.log(`  seeded ${users} users and ${vbus} VBUs`);
});
