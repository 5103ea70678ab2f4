// Who may upload evidence to a proof point: its VBU's GM and admins. Everyone else is refused
// before a byte of the body is read (the body is a stream that counts what is pulled from it),
// and nothing is stored. A request from another site is refused too.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { reassignGm } from "../../lib/admin/vbus";
import { useSeededAppDatabase } from "../support/app-database";
import { clearCookies } from "../support/request";
import { type DemoKey, idOf, signInAs, actorOf } from "../support/session";
import { MAX_BYTES, PNG } from "./fixtures";
import {
  attachmentRow,
  canvasOf,
  countingStream,
  type DemoCanvas,
  expectConsistent,
  expectNothingStored,
  storageState,
  streamOf,
  upload,
  useTempStorage,
  ENGINES_AND_DRIVERS,
} from "./support";

const SIGNED_OUT = /^Your session has ended\. Sign in again\.$/;
const NOT_THE_GM = /^Only this VBU's GM, or an admin, can add evidence\.$/;
const NO_SUCH_POINT = /^That proof point was not found\. It may have been deleted\.$/;
const OTHER_SITE = /^Uploads must come from this site\.$/;

interface Refusal {
  what: string;
  /** null: nobody signed in. */
  who: DemoKey | null;
  target: (harbor: DemoCanvas) => string;
  headers?: Record<string, string>;
  /** Content-Length to declare (a large one must not turn a 401/403/404 into a 413). */
  length?: number;
  status: number;
  message: RegExp;
}

const harborPoint = (harbor: DemoCanvas) => harbor.pointIds[0]![0]!;
const SAME_SITE = { host: "localhost:3000", origin: "http://localhost:3000" };

const REFUSALS: Refusal[] = [
  { what: "nobody", who: null, target: harborPoint, status: 401, message: SIGNED_OUT },
  {
    what: "nobody, declaring 50 MiB",
    who: null,
    target: harborPoint,
    length: 50 * 1024 * 1024,
    status: 401,
    message: SIGNED_OUT,
  },
  { what: "a viewer", who: "viewer", target: harborPoint, status: 403, message: NOT_THE_GM },
  {
    what: "a viewer, declaring 50 MiB",
    who: "viewer",
    target: harborPoint,
    length: 50 * 1024 * 1024,
    status: 403,
    message: NOT_THE_GM,
  },
  { what: "another VBU's GM (Ben)", who: "ben", target: harborPoint, status: 403, message: NOT_THE_GM },
  { what: "another VBU's GM (Chloé)", who: "chloe", target: harborPoint, status: 403, message: NOT_THE_GM },
  {
    what: "the GM, to an unknown proof point",
    who: "ana",
    target: () => randomUUID(),
    status: 404,
    message: NO_SUCH_POINT,
  },
  { what: "the GM, to a malformed id", who: "ana", target: () => "not-a-uuid", status: 404, message: NO_SUCH_POINT },
  {
    what: "the GM, to a path-like id",
    who: "ana",
    target: () => "..%2F..%2Fetc",
    status: 404,
    message: NO_SUCH_POINT,
  },
  {
    what: "the GM, to a thesis id",
    who: "ana",
    target: (harbor) => harbor.thesisIds[0]!,
    status: 404,
    message: NO_SUCH_POINT,
  },
  {
    what: "the GM, from another site",
    who: "ana",
    target: harborPoint,
    headers: { host: "localhost:3000", origin: "https://evil.example" },
    status: 403,
    message: OTHER_SITE,
  },
  {
    what: "the GM, from another port of the same host",
    who: "ana",
    target: harborPoint,
    headers: { host: "localhost:3000", origin: "http://localhost:4000" },
    status: 403,
    message: OTHER_SITE,
  },
  {
    // Browsers send "Origin: null" from sandboxed frames and other opaque origins.
    what: "the GM, from an opaque origin (Origin: null)",
    who: "ana",
    target: harborPoint,
    headers: { host: "localhost:3000", origin: "null" },
    status: 403,
    message: OTHER_SITE,
  },
];

describe.each(ENGINES_AND_DRIVERS)("who may upload evidence, on %s with %s storage", (engine, driver) => {
  useSeededAppDatabase(engine);
  const storage = useTempStorage(driver);
  let harbor: DemoCanvas;

  beforeAll(async () => {
    harbor = await canvasOf("Harbor Logistics");
  });

  it.each(REFUSALS)("refuses $what ($status) without reading the body", async (refusal) => {
    if (refusal.who) await signInAs(refusal.who);
    else clearCookies();
    const before = await storageState(storage.root());
    const body = streamOf(PNG);
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const { status, json } = await upload(refusal.target(harbor), body.stream, {
        name: "proof.png",
        headers: refusal.headers,
        length: refusal.length,
      });
      expect({ status, json }).toMatchObject({
        status: refusal.status,
        json: { status: "error", formError: expect.stringMatching(refusal.message) },
      });
      expect(errors, "a refusal is not a server error").not.toHaveBeenCalled();
    } finally {
      errors.mockRestore();
    }
    expect(body.pulled()).toBe(0);
    await expectNothingStored(storage.root(), before);
  });

  it("a viewer declaring 10 MiB + 1 byte is refused as a viewer (403), not for the size", async () => {
    await signInAs("viewer");
    const body = countingStream(MAX_BYTES + 1);
    const { status } = await upload(harborPoint(harbor), body.stream, { name: "big.png", length: MAX_BYTES + 1 });
    expect(status).toBe(403);
    expect(body.pulled()).toBe(0);
  });

  it.each([
    ["the VBU's GM", "ana"],
    ["an admin", "admin"],
  ] as const)("accepts %s", async (_who, key) => {
    await signInAs(key);
    const { status, json } = await upload(harborPoint(harbor), PNG, { name: `${key}.png` });
    expect(status).toBe(201);
    const id = (json as { attachment: { id: string } }).attachment.id;
    expect((await attachmentRow(id))!.uploadedBy).toBe(await idOf(key));
  });

  it.each([
    ["with an Origin of this site", SAME_SITE],
    [
      "behind a proxy (X-Forwarded-Host)",
      { host: "10.0.0.5:3000", "x-forwarded-host": "canvas.example", origin: "https://canvas.example" },
    ],
    ["without an Origin header", { host: "localhost:3000" }],
  ])("accepts the GM %s", async (_what, headers) => {
    await signInAs("ana");
    const { status } = await upload(harborPoint(harbor), PNG, { name: "same-site.png", headers });
    expect(status).toBe(201);
  });

  it("follows the VBU's GM: once Fieldnote is reassigned from Ben to Chloé, Ben is refused and Chloé accepted", async () => {
    const fieldnote = await canvasOf("Fieldnote");
    const point = fieldnote.pointIds[0]![0]!;
    await signInAs("ben");
    expect((await upload(point, PNG, { name: "before.png" })).status).toBe(201);
    await reassignGm(await actorOf("admin"), { vbuId: fieldnote.vbuId, gmId: await idOf("chloe") });
    const before = await storageState(storage.root());
    const body = streamOf(PNG);
    expect((await upload(point, body.stream, { name: "after.png" })).status).toBe(403);
    expect(body.pulled()).toBe(0);
    await expectNothingStored(storage.root(), before);
    await signInAs("chloe");
    expect((await upload(point, PNG, { name: "new-gm.png" })).status).toBe(201);
  });

  it("leaves every row with its file and nothing staged", async () => {
    await expectConsistent(storage.root());
  });
});
