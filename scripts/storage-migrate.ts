// npm run storage:migrate -- --to s3 [--apply]: copies every evidence file (and thumbnail) from
// ATTACHMENTS_DIR to the S3 bucket the S3_* variables name, verifying each by size and SHA-256.
// A dry run by default; resumable and idempotent (run it again after a stop: what is already
// there, the same, is skipped). Set STORAGE_DRIVER=s3 once it reports nothing left to copy.
import { SingleBar } from "cli-progress";
import { migrateStorage } from "../lib/attachments/migrate";
import { FilesystemStorage, s3StorageOf } from "../lib/attachments/storage";
import { readEnv } from "../lib/env";

const args = process.argv.slice(2);
const to = args[args.indexOf("--to") + 1];
if (!args.includes("--to") || to !== "s3") {
  console.error("Usage: npm run storage:migrate -- --to s3 [--apply]");
  process.exit(2);
}
const apply = args.includes("--apply");

// The S3 variables are checked as if the app already used the bucket: each missing one is named.
let env: ReturnType<typeof readEnv>;
try {
  env = readEnv({ ...process.env, STORAGE_DRIVER: "s3" });
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
const from = new FilesystemStorage(env.ATTACHMENTS_DIR);
const target = s3StorageOf(env);
console.log(`  from: ${from.root}`);
console.log(`  to:   s3 bucket ${env.S3_BUCKET}${env.S3_ENDPOINT ? ` at ${env.S3_ENDPOINT}` : ""}`);
if (!apply) console.log("  dry run: add -- --apply to copy");

const stop = new AbortController();
process.once("SIGINT", () => stop.abort());
const bar = process.stdout.isTTY
  ? new SingleBar({ format: "  {bar} {value}/{total} files | {copied} {verb}, {present} already there" })
  : null;
const verb = apply ? "copied" : "to copy";
let started = false;
try {
  const report = await migrateStorage(from, target, {
    apply,
    signal: stop.signal,
    onProgress: (so, path) => {
      const done = so.present + so.copied + so.failed.length;
      if (bar) {
        if (!started) bar.start(so.total, 0, { verb, copied: 0, present: 0 });
        bar.update(done, { copied: so.copied, present: so.present, verb });
      } else console.log(`  ${done}/${so.total} ${path}`);
      started = true;
    },
  });
  bar?.stop();
  console.log(`  files and thumbnails: ${report.total}`);
  console.log(`  already in the bucket (same size and SHA-256): ${report.present}`);
  console.log(`  ${verb}: ${report.copied}`);
  for (const path of report.failed) console.log(`  FAILED to verify: ${path}`);
  process.exitCode = report.failed.length > 0 ? 1 : 0;
} catch (error) {
  bar?.stop();
  console.error(stop.signal.aborted ? "  stopped: run it again to resume" : error);
  process.exitCode = 1;
} finally {
  target.destroy();
}
