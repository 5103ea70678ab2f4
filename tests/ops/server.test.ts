// The production server (`npm start` over the build `npm run build` made) as operators meet it:
// health endpoints without a session, one JSON access line per request with no secret in any
// line, and a graceful stop on SIGTERM that lets an upload in flight finish. On PostgreSQL only:
// `npm start` on PGlite is one process that tests could not share a database with.
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "../../db/client";
import { attachments } from "../../db/schema";
import { DEMO_PASSWORD } from "../../db/seed";
import { canvasOf, filesUnder } from "../attachments/support";
import { CSV } from "../attachments/fixtures";
import { useSeededAppDatabase } from "../support/app-database";
import { cookieStore } from "../support/request";
import { type DemoKey, signInAs } from "../support/session";
import { npmStart, type Started } from "./npm-start";
import { freePort } from "../support/free-port";

/** Waits until `check` answers true (vitest's waitFor polls it), or fails after `ms`. */
const until = (check: () => Promise<boolean>, what: string, ms = 60_000): Promise<void> =>
  vi.waitFor(
    async () => {
      if (!(await check().catch(() => false))) throw new Error(`Timed out waiting until ${what}`);
    },
    { timeout: ms, interval: 50 },
  );

interface AccessLine {
  msg: string;
  requestId: string;
  method: string;
  route: string;
  status: number;
  ms: number;
  level: number;
}

/** The JSON lines of the server's output (Next.js's own banner lines are not JSON). */
function jsonLines(output: string): Record<string, unknown>[] {
  return output
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

// The server checks the cookies this process's sign-in signs.
const SECRET = randomBytes(32).toString("hex");
process.env.BETTER_AUTH_SECRET = SECRET;

describe("npm start, operated", () => {
  const database = useSeededAppDatabase("postgres");
  let uploads: string;
  let server: Started;
  let url: string;

  beforeAll(async () => {
    // `npm test` builds before the unit tests; run on its own, this file needs `npm run build` first.
    if (!existsSync(".next/BUILD_ID")) throw new Error("No production build: run `npm run build` first");
    uploads = await mkdtemp(join(tmpdir(), "canvas-ops-"));
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    server = npmStart(["-H", "127.0.0.1", "-p", String(port)], {
      DATABASE_URL: database.current().url!,
      WEB_CONCURRENCY: "1",
      BETTER_AUTH_SECRET: SECRET,
      ATTACHMENTS_DIR: uploads,
    });
    void server.exited.then((code) => {
      if (code !== 0) console.error(`npm start exited (${code}):\n${server.output()}`);
    });
    await until(async () => (await fetch(`${url}/healthz`)).ok, "the server answers");
  }, 120_000);

  afterAll(async () => {
    if (server.child.exitCode === null && server.child.signalCode === null) {
      server.child.kill("SIGTERM");
      await server.exited;
    }
    await rm(uploads, { recursive: true, force: true });
  });

  /**
   * Signs in through the real sign-in action in this process (the server shares its database
   * and secret), answering the Cookie header a browser would send the production server, where
   * the session cookie is `__Host-` prefixed (lib/auth/config.ts).
   */
  async function signIn(key: DemoKey): Promise<string> {
    await signInAs(key);
    const value = cookieStore.get("better-auth.session_token")?.value;
    if (!value) throw new Error(`Sign-in as ${key} set no session cookie`);
    return `__Host-better-auth.session_token=${value.includes("%") ? value : encodeURIComponent(value)}`;
  }

  it("answers /healthz and /readyz without a session, never cached, naming no version", async () => {
    for (const [path, body] of [
      ["/healthz", "ok\n"],
      ["/readyz", "ready\n"],
    ] as const) {
      const response = await fetch(`${url}${path}`, { redirect: "manual" });
      expect(response.status, path).toBe(200);
      expect(await response.text()).toBe(body);
      expect(response.headers.get("cache-control")).toBe("no-store");
      expect(response.headers.get("x-powered-by")).toBeNull();
      expect(response.headers.get("server")).toBeNull();
    }
  });

  it("logs one JSON line per request with its id, method, route pattern, status and duration, and no secret", async () => {
    const cookie = await signIn("ana");
    // A password and a session cookie sent through the server (a sign-in form post the app refuses).
    const attempt = new FormData();
    attempt.set("email", "someone@canvas.example");
    attempt.set("password", DEMO_PASSWORD);
    await (await fetch(`${url}/sign-in`, { method: "POST", body: attempt, headers: { cookie } })).text();
    const { vbuId } = await canvasOf("Harbor Logistics");
    const bearer = `bearer-${randomBytes(12).toString("hex")}`;
    const queryToken = `query-${randomBytes(12).toString("hex")}`;
    const response = await fetch(`${url}/vbus/${vbuId}?token=${queryToken}`, {
      headers: { cookie, authorization: `Bearer ${bearer}` },
      redirect: "manual",
    });
    expect(response.status).toBe(200);
    await response.text();
    const requestId = response.headers.get("x-request-id");
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);

    let line: AccessLine | undefined;
    await until(async () => {
      line = jsonLines(server.output()).find((entry) => entry.requestId === requestId) as AccessLine | undefined;
      return line !== undefined;
    }, "the request is logged");
    expect(line).toMatchObject({ msg: "request", method: "GET", route: "/vbus/[id]", status: 200, level: 30 });
    expect(line!.ms).toBeTypeOf("number");
    const signInLines = jsonLines(server.output()).filter((entry) => entry.route === "/sign-in");
    expect(signInLines.map((entry) => entry.method)).toContain("POST");

    const output = server.output();
    const sessionValue = decodeURIComponent(cookie.slice(cookie.indexOf("=") + 1));
    const [token] = sessionValue.split(".");
    for (const secret of [DEMO_PASSWORD, sessionValue, token!, bearer, queryToken, vbuId]) {
      expect(output.includes(secret), `the server log holds ${secret}`).toBe(false);
    }
  });

  it("on SIGTERM stops taking connections, finishes an upload in flight, closes the pool and exits 0", async () => {
    const cookie = await signIn("ana");
    const pointId = (await canvasOf("Harbor Logistics")).pointIds[0]![0]!;
    const half = Math.floor(CSV.length / 2);
    let finishBody = () => {};
    const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const upload = httpRequest(`${url}/api/proof-points/${pointId}/attachments`, {
        method: "POST",
        headers: { cookie, "content-length": String(CSV.length), "x-file-name": "held.csv" },
      });
      upload.on("response", (response) => {
        let body = "";
        response.on("data", (chunk: Buffer) => (body += chunk.toString()));
        response.on("end", () => resolve({ status: response.statusCode!, body }));
      });
      upload.on("error", reject);
      upload.write(CSV.subarray(0, half));
      // The rest is sent once the server is stopping, below.
      finishBody = () => upload.end(CSV.subarray(half));
    });
    // The upload is being received once its staged file exists.
    const staging = join(uploads, ".staging");
    await until(async () => (await readdir(staging)).length > 0, "the upload is staged");

    server.child.kill("SIGTERM");
    await until(async () => {
      try {
        await fetch(`${url}/healthz`);
        return false;
      } catch {
        return true; // refused: the server takes no new connection
      }
    }, "the server refuses new connections");
    expect(server.child.exitCode).toBeNull(); // still finishing the upload

    finishBody();
    const { status, body } = await answer;
    expect(status, body).toBe(201);
    expect(await server.exited).toBe(0);

    const { attachment } = JSON.parse(body) as { attachment: { id: string } };
    const [row] = await getDb().select().from(attachments).where(eq(attachments.id, attachment.id));
    expect(row?.filename).toBe("held.csv");
    expect(await filesUnder(uploads)).toEqual([row!.storagePath]);
    expect(await readdir(staging)).toEqual([]); // no orphan staged file
    const log = jsonLines(server.output());
    expect(log.map((entry) => entry.msg)).toEqual(
      expect.arrayContaining(["stopping: no new connections, finishing requests in flight", "stopped"]),
    );
  }, 90_000);
});
