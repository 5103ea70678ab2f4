// Runs the Playwright suite against the production build (run `next build` first) on fresh
// databases: a new database on the PostgreSQL server and a new PGlite directory, both
// migrated and seeded with the demo portfolio, and both removed afterwards.
// Arguments are passed on to `playwright test`.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../db/client";
import { migrateUp } from "../db/migrate";
import { seedDemo } from "../db/seed";
import { createScratchDatabase } from "../db/scratch";

const postgresDb = await createScratchDatabase("postgres");
await seedDemo(postgresDb.db);
const postgresUrl = postgresDb.url!;

const scratch = mkdtempSync(join(tmpdir(), "canvas-e2e-"));
const pgliteDir = join(scratch, "pglite");
const pglite = openDatabase({ pgliteDir });
await migrateUp(pglite.db);
await seedDemo(pglite.db);
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
