// postgres.js 3.4.9 batches small writes behind setImmediate and, when the connection has
// closed meanwhile, writes to a null socket: an uncaught TypeError that takes the process down
// (porsager/postgres#1154, #1208). patches/postgres+3.4.9.patch (applied by patch-package on
// install) settles such a write with CONNECTION_CLOSED instead. This is the driver's own
// reproduction: a reserved connection, whose backend is terminated, is used again.
import postgres from "postgres";
import { expect, it } from "vitest";
import { POSTGRES_ADMIN_URL } from "../support/database";

it("a query on a connection whose backend was terminated is rejected, not thrown from a timer", async () => {
  let closed!: () => void;
  const noticedClose = new Promise<void>((resolve) => (closed = resolve));
  const sql = postgres(POSTGRES_ADMIN_URL, { max: 1, onnotice: () => {}, onclose: () => closed() });
  const admin = postgres(POSTGRES_ADMIN_URL, { max: 1, onnotice: () => {} });
  try {
    const reserved = await sql.reserve();
    const [row] = await reserved<{ pid: number }[]>`SELECT pg_backend_pid() AS pid`;
    await admin`SELECT pg_terminate_backend(${row!.pid})`;
    await noticedClose;
    for (let i = 0; i < 3; i++) {
      await expect(reserved`SELECT 1`).rejects.toMatchObject({ code: "CONNECTION_CLOSED" });
    }
    reserved.release();
  } finally {
    await admin.end();
    await sql.end({ timeout: 1 });
  }
});
