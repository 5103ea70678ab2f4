// An upload just over the limit, sent chunked (no Content-Length, so the server finds out while
// reading), on a production worker: a clear 413 every time, and nothing thrown in the server.
import type { Page } from "@playwright/test";
import { sql } from "drizzle-orm";
import { queryRows } from "../../db/scratch";
import { DEMO, signIn } from "../support";
import { expect, type ProductionServer, test } from "./server";

const LIMIT = 10 * 1024 * 1024;

/** Two proof points of one of the GM's VBUs, with their descriptions. */
async function gmProofPoints(server: ProductionServer) {
  const rows = await queryRows<{ id: string; vbu_id: string; description: string }>(
    server.database.db,
    sql`SELECT p.id, v.id AS vbu_id, p.description FROM proof_points p
        JOIN theses t ON t.id = p.thesis_id JOIN canvases c ON c.id = t.canvas_id JOIN vbus v ON v.id = c.vbu_id
        JOIN users u ON u.id = v.gm_id WHERE u.email = ${DEMO.gm.email} ORDER BY v.id, p.id`,
  );
  const [first, second] = rows.filter((r) => r.vbu_id === rows[0]!.vbu_id);
  return [first!, second!].map((r) => ({ id: r.id, vbuId: r.vbu_id, description: r.description }));
}

async function cookieHeader(page: Page): Promise<string> {
  const cookies = await page.context().cookies();
  return cookies.map((c) => `${c.name}=${c.value}`).join("; ");
}

/** Streams `bytes` zero bytes in 64 KiB chunks, with no Content-Length. */
function chunkedUpload(server: ProductionServer, proofPointId: string, cookie: string, bytes: number) {
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= bytes) return controller.close();
      const size = Math.min(64 * 1024, bytes - sent);
      sent += size;
      controller.enqueue(new Uint8Array(size));
    },
  });
  return fetch(`${server.url}/api/proof-points/${proofPointId}/attachments`, {
    method: "POST",
    headers: { cookie, origin: server.url, "x-file-name": "x.png" },
    body,
    duplex: "half",
  } as RequestInit).then(async (response) => ({ status: response.status, body: await response.text() }));
}

test("uploads one byte over the limit, two at a time for a few rounds: each a 413, nothing thrown", async ({
  page,
  server,
}) => {
  await signIn(page, "gm", "/");
  const [point] = await gmProofPoints(server);
  const cookie = await cookieHeader(page);
  for (let round = 0; round < 3; round++) {
    const answers = await Promise.all([
      chunkedUpload(server, point!.id, cookie, LIMIT + 1),
      chunkedUpload(server, point!.id, cookie, LIMIT + 1),
    ]);
    for (const answer of answers) {
      expect(answer.status).toBe(413);
      expect(JSON.parse(answer.body)).toMatchObject({ fieldErrors: { file: [expect.stringMatching(/larger than/)] } });
    }
  }
  // Far over the limit: the server stops reading long before the client stops sending.
  const far = await chunkedUpload(server, point!.id, cookie, LIMIT + 8 * 1024 * 1024).catch((error: Error) => error);
  // The answer is a 413, unless the client was still sending when the server closed the connection.
  if (!(far instanceof Error)) expect(far.status).toBe(413);
  // The worker is still answering, and logged nothing thrown.
  expect((await page.request.get("/sign-in")).status()).toBe(200);
  expect(server.output()).not.toMatch(/uncaught|unhandled|already closed|Invalid state/i);
});

test("a worker whose first use of the storage was a delete still answers an oversized upload with 413", async ({
  page,
  server,
}) => {
  const [point, other] = await gmProofPoints(server);
  // A delete on the canvas page (the pages' bundle) is the first thing to open the storage.
  await signIn(page, "gm", `/vbus/${point!.vbuId}`);
  const row = page
    .getByRole("list", { name: "Proof points" })
    .getByRole("listitem")
    .filter({ hasText: point!.description })
    .first();
  await row.getByRole("button", { name: `Delete proof point: ${point!.description}` }).click();
  await row.getByRole("button", { name: "Yes, delete" }).click();
  await expect(page.getByRole("button", { name: `Delete proof point: ${point!.description}` })).toHaveCount(0);

  const answer = await chunkedUpload(server, other!.id, await cookieHeader(page), LIMIT + 1);
  expect(answer).toMatchObject({ status: 413 });
  expect(server.output()).not.toMatch(/uncaught|unhandled|already closed|Invalid state/i);
});
