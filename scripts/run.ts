// Shared shell for the database scripts: open the database the environment names, run one
// job, print what happened, and exit non-zero with the reason on any failure.
import { type DatabaseHandle, openDatabaseFromEnv } from "../db/client";

export async function runWithDatabase(name: string, job: (handle: DatabaseHandle) => Promise<void>): Promise<void> {
  let handle: DatabaseHandle | undefined;
  try {
    handle = openDatabaseFromEnv();
    console.log(`${name}: ${handle.description}`);
    await job(handle);
  } catch (error) {
    console.error(`${name} failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  } finally {
    await handle?.close();
  }
}
