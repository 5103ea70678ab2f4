// /healthz and /readyz as a load balancer sees them: up, the database refusing or unknown, a
// database that accepts connections and never answers (readyz must still answer within about
// a second, not hang), and storage that cannot take a file. Called as Next.js calls the route
// handlers; the production server's own answers are in tests/ops/server.test.ts.
import { randomUUID } from "node:crypto";
import { rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { createServer, type Server, type Socket } from "node:net";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { GET as healthz } from "../../app/healthz/route";
import { GET as readyz } from "../../app/readyz/route";
import { type DatabaseHandle, openDatabase } from "../../db/client";
import { FilesystemStorage } from "../../lib/attachments/storage";
import { installStorage, useTempStorage } from "../attachments/support";
import { useAppDatabase } from "../support/app-database";
import { ENGINES } from "../support/database";

const globalForDb = globalThis as unknown as { canvasDatabase?: DatabaseHandle };

/** Points the app at `handle` until the test ends. */
function installDatabase(handle: DatabaseHandle): void {
  const previous = globalForDb.canvasDatabase;
  globalForDb.canvasDatabase = handle;
  afterEach(async () => {
    globalForDb.canvasDatabase = previous;
    await handle.close().catch(() => {});
  });
}

async function answer(response: Response | Promise<Response>) {
  const settled = await response;
  return {
    status: settled.status,
    body: await settled.text(),
    cacheControl: settled.headers.get("cache-control"),
  };
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe.each(ENGINES)("health endpoints on %s", (engine) => {
  useAppDatabase(engine);
  useTempStorage();

  it("/healthz answers 200 with a word, never cached, revealing nothing", async () => {
    expect(await answer(healthz())).toEqual({ status: 200, body: "ok\n", cacheControl: "no-store" });
  });

  it("/readyz answers 200 when the database answers and storage can take a file", async () => {
    expect(await answer(readyz())).toEqual({ status: 200, body: "ready\n", cacheControl: "no-store" });
  });

  it("/readyz answers 503 naming storage when its directory cannot be made", async () => {
    // A file where the storage root should be: nothing can be written under it.
    const blocked = join(tmpdir(), `canvas-blocked-${randomUUID()}`);
    await writeFile(blocked, "x");
    const installed = installStorage(new FilesystemStorage(blocked));
    try {
      expect(await answer(readyz())).toEqual({ status: 503, body: "not ready: storage\n", cacheControl: "no-store" });
    } finally {
      installed.restore();
      await rm(blocked, { force: true });
    }
  });
});

describe("/readyz while PostgreSQL is away", () => {
  useTempStorage();
  let hanging: Server;
  const sockets = new Set<Socket>();

  beforeAll(async () => {
    // Accepts connections and never says a word: a host behind a dead proxy, or a frozen server.
    hanging = createServer((socket) => {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => hanging.listen(0, "127.0.0.1", resolve));
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => hanging.close(resolve));
  });

  it("answers 503 naming the database when nothing listens on its port", async () => {
    installDatabase(
      openDatabase({ url: `postgres://postgres@127.0.0.1:${await closedPort()}/canvas`, requestTimeouts: true }),
    );
    expect(await answer(readyz())).toEqual({ status: 503, body: "not ready: database\n", cacheControl: "no-store" });
  });

  it("answers 503 naming the database when the database does not exist", async () => {
    installDatabase(
      openDatabase({ url: "postgres://postgres@127.0.0.1:5432/canvas_readyz_no_such_database", requestTimeouts: true }),
    );
    expect(await answer(readyz())).toEqual({ status: 503, body: "not ready: database\n", cacheControl: "no-store" });
  });

  it("answers 503 within about a second when the database never answers", async () => {
    const { port } = hanging.address() as { port: number };
    installDatabase(openDatabase({ url: `postgres://postgres@127.0.0.1:${port}/canvas`, requestTimeouts: true }));
    const started = performance.now();
    const result = await answer(readyz());
    const elapsed = performance.now() - started;
    expect(result).toEqual({ status: 503, body: "not ready: database\n", cacheControl: "no-store" });
    // Its deadline is 1 s; the app's own (4.5 s) and the connect timeout (3 s) must not be what ended it.
    expect(elapsed).toBeGreaterThanOrEqual(900);
    expect(elapsed).toBeLessThan(2_500);
  });
});
