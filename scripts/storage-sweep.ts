// npm run storage:sweep [-- --apply]: reconciles stored evidence files (on disk or in S3) with the database.
// A dry run by default: it prints what it would do.
import { STAGED_GRACE_MS, sweepStorage } from "../lib/attachments/sweep";
import { storageOf } from "../lib/attachments/storage";
import { readEnv } from "../lib/env";
import { runWithDatabase } from "./run";

const apply = process.argv.includes("--apply");

await runWithDatabase("storage:sweep", async (handle) => {
  (globalThis as unknown as { canvasDatabase?: typeof handle }).canvasDatabase = handle;
  const { storage, location } = storageOf(readEnv());
  console.log(`  storage: ${location}${apply ? "" : " (dry run: add -- --apply to act)"}`);
  const report = await sweepStorage(storage, { apply });
  const verb = apply ? "removed" : "would remove";
  console.log(`  files of deleted attachments: ${report.pendingDeletes} (${verb})`);
  console.log(`  orphan files: ${report.orphanFiles.length} (${verb})`);
  for (const path of report.orphanFiles) console.log(`    ${path}`);
  if (report.recentFiles > 0)
    console.log(`  recent files without a row: ${report.recentFiles} (left alone: uploads may be committing)`);
  if (apply)
    console.log(
      `  abandoned staged uploads removed: ${report.staleStaged} (unwritten for ${STAGED_GRACE_MS / 60_000}+ minutes)`,
    );
  console.log(`  attachments whose file is missing: ${report.missingFiles.length} (reported only)`);
  for (const path of report.missingFiles) console.log(`    ${path}`);
  if (report.pendingDeletes + report.orphanFiles.length + report.missingFiles.length === 0) {
    console.log("  nothing to do");
  }
});
