// What several instances of the app must share, checked by `npm start` before any worker
// starts. An instance is one `npm start` (one machine or container, with its workers);
// CANVAS_INSTANCES declares how many serve the app together behind a load balancer (default 1).
// With more than one:
// - evidence files must live in shared object storage: the filesystem driver keeps them on one
//   machine, and a download sent to another instance would not find them;
// - the database must be PostgreSQL: the embedded PGlite belongs to one process;
// - every instance needs the same BETTER_AUTH_SECRET (a session cookie signed by one is read by
//   all) and the same NEXT_SERVER_ACTIONS_ENCRYPTION_KEY (a page rendered by one posts its
//   server actions to any; Next.js otherwise makes a key per build).

const AES_KEY_BYTES = [16, 24, 32];

/** The problems with `env` for the instances it declares, each naming its variable; empty when fine. */
export function sharedConfigProblems(env) {
  const declared = env.CANVAS_INSTANCES?.trim() || "1";
  const instances = /^\d+$/.test(declared) ? Number(declared) : NaN;
  if (!Number.isInteger(instances) || instances < 1) {
    return [`CANVAS_INSTANCES must be a whole number of instances, 1 or more (it is "${declared}")`];
  }
  if (instances === 1) return [];
  const problems = [];
  const driver = env.STORAGE_DRIVER?.trim() || "fs";
  if (driver === "fs") {
    problems.push(
      `STORAGE_DRIVER is "fs" (the default) with CANVAS_INSTANCES=${instances}: each instance would keep its own evidence files. Set STORAGE_DRIVER=s3 and its S3_* variables`,
    );
  }
  if (!env.DATABASE_URL?.trim()) {
    problems.push(
      `DATABASE_URL is not set with CANVAS_INSTANCES=${instances}: the embedded database serves one process`,
    );
  }
  if (!env.BETTER_AUTH_SECRET?.trim()) {
    problems.push(
      `BETTER_AUTH_SECRET is not set: with CANVAS_INSTANCES=${instances}, every instance needs the same one`,
    );
  }
  const key = env.NEXT_SERVER_ACTIONS_ENCRYPTION_KEY?.trim();
  if (!key) {
    problems.push(
      `NEXT_SERVER_ACTIONS_ENCRYPTION_KEY is not set: with CANVAS_INSTANCES=${instances}, every instance needs the same one (openssl rand -base64 32)`,
    );
  } else if (!AES_KEY_BYTES.includes(Buffer.from(key, "base64").length)) {
    problems.push(
      "NEXT_SERVER_ACTIONS_ENCRYPTION_KEY must be a base64 AES key of 16, 24 or 32 bytes (openssl rand -base64 32)",
    );
  }
  return problems;
}
