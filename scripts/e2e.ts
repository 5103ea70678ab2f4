// Runs the Playwright suite against the production build (run `next build` first) on fresh
// databases: a new database on the PostgreSQL server and a new PGlite directory, both
// migrated and seeded with the demo portfolio, and both removed afterwards.
// Arguments are passed on to `playwright test`. Run it as `npm run test:e2e` does, with
// `tsx --conditions=react-server`: the seed freezes review snapshots with server-only code.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../db/client";
import { migrateUp } from "../db/migrate";
import { installJobQueue } from "../lib/jobs/install";
import { seedDemo } from "../db/seed";
import { createScratchDatabase } from "../db/scratch";
import { FilesystemStorage } from "../lib/attachments/storage";

// Each server keeps its evidence files in a folder of the scratch directory (playwright.config.ts):
// the demo's evidence goes where its server reads it.
const scratch = mkdtempSync(join(tmpdir(), "canvas-e2e-"));
const postgresDb = await createScratchDatabase("postgres");
await seedDemo(postgresDb.db, { storage: new FilesystemStorage(join(scratch, "uploads-postgres")) });
const postgresUrl = postgresDb.url!;

const pgliteDir = join(scratch, "pglite");
const pglite = openDatabase({ pgliteDir });
await migrateUp(pglite.db);
await installJobQueue(pglite);
await seedDemo(pglite.db, { storage: new FilesystemStorage(join(scratch, "uploads-pglite")) });
await pglite.close();

let code = 1;
try {
  code = await new Promise<number>((resolve) => {
    const child = spawn("npx", ["playwright", "test", ...process.argv.slice(2)], {
      stdio: "inherit",
      env: {
        ...process.env,
        E2E_DATABASE_URL: postgresUrl,
        E2E_PGLITE_DIR: pgliteDir,
        E2E_SCRATCH_DIR: scratch, // each server keeps its evidence files in a folder here
        BETTER_AUTH_SECRET: randomBytes(32).toString("hex"),
      },
    });
    child.on("exit", (status, signal) => resolve(status ?? (signal ? 1 : 0)));
  });
} finally {
  await postgresDb.drop();
  rmSync(scratch, { recursive: true, force: true });
}
process.exit(code);
