import { isEmpty, seedDemo } from "../db/seed";
import { getStorage } from "../lib/attachments/storage";
import { runWithDatabase } from "./run";

await runWithDatabase("db:seed", async ({ db }) => {
  if (!(await isEmpty(db))) {
    throw new Error("the database already has users; run `npm run db:reset` to start again from the demo data");
  }
  const { users, vbus } = await seedDemo(db, { storage: getStorage() });
  console.log(`  seeded ${users} users and ${vbus} VBUs`);
});
