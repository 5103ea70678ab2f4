// The download route (GET /api/attachments/:id): every signed-in role reads every file, byte
// for byte, always as an attachment with the stored type, no sniffing and a sandboxing policy;
// signed out, unknown and malformed ids all answer the same 404. And Content-Disposition itself.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { getDb } from "../../db/client";
import { users } from "../../db/schema";
import type { AttachmentView } from "../../lib/attachments/attachments";
import { attachmentDisposition } from "../../lib/attachments/disposition";
import { useSeededAppDatabase } from "../support/app-database";
import { clearCookies } from "../support/request";
import { type DemoKey, idOf, signInAs } from "../support/session";
import { CSV, GIF_POLYGLOT, PDF, PNG, XLSX, XLSX_FILE } from "./fixtures";
import {
  canvasOf,
  download,
  expectConsistent,
  expectSameBytes,
  uploaded,
  useTempStorage,
  ENGINES_AND_DRIVERS,
} from "./support";

const FILES: [name: string, bytes: Uint8Array, contentType: string][] = [
  ["pilot.png", PNG, "image/png"],
  ["polyglot.gif", GIF_POLYGLOT, "image/gif"],
  ['Résumé "Q3".pdf', PDF, "application/pdf"],
  ["acceptance; rates (100%).csv", CSV, "text/csv"],
  ["Pilot model.xlsx", XLSX_FILE, XLSX],
];

const ROLES: DemoKey[] = ["admin", "ana", "ben", "chloe", "viewer"];

/** RFC 5987 ext-value characters: attr-char or a %XX escape. */
const EXT_VALUE = /^(?:[A-Za-z0-9!#$&+\-.^_`|~]|%[0-9A-F]{2})*$/;

/** The two names in a Content-Disposition value written by attachmentDisposition. */
function parseDisposition(value: string): { type: string; fallback: string; encoded: string } {
  const match = /^(attachment); filename="((?:[^"\\]|\\.)*)"; filename\*=UTF-8''(\S*)$/.exec(value);
  if (!match) throw new Error(`Not the expected Content-Disposition: ${value}`);
  return { type: match[1]!, fallback: match[2]!, encoded: match[3]! };
}

describe.each(ENGINES_AND_DRIVERS)("evidence downloads on %s with %s storage", (engine, driver) => {
  useSeededAppDatabase(engine);
  const storage = useTempStorage(driver);
  const stored = new Map<string, AttachmentView>();

  beforeAll(async () => {
    await signInAs("ana");
    const point = (await canvasOf("Harbor Logistics")).pointIds[0]![0]!;
    for (const [name, bytes] of FILES) stored.set(name, await uploaded(point, bytes, { name }));
  });

  it.each(ROLES)("%s downloads every file byte for byte, as an attachment that is never sniffed", async (key) => {
    await signInAs(key);
    for (const [name, bytes, contentType] of FILES) {
      const response = await download(stored.get(name)!.id);
      expect(response.status, name).toBe(200);
      expectSameBytes(new Uint8Array(await response.arrayBuffer()), bytes);
      expect(Object.fromEntries(response.headers)).toMatchObject({
        "content-type": contentType,
        "content-length": String(bytes.length),
        "x-content-type-options": "nosniff",
        "cache-control": "private, no-store",
      });
      const disposition = response.headers.get("content-disposition")!;
      expect(disposition).toMatch(/^attachment;/);
      expect(disposition).toContain("filename*=UTF-8''");
      const { encoded } = parseDisposition(disposition);
      expect(encoded).toMatch(EXT_VALUE);
      expect(decodeURIComponent(encoded)).toBe(name);
      expect(response.headers.get("content-security-policy")).toMatch(/(^|;\s*)sandbox(;|$)/);
    }
  });

  it("serves the GIF/script polyglot as a GIF download that cannot run as a script or a page", async () => {
    await signInAs("viewer");
    const response = await download(stored.get("polyglot.gif")!.id);
    expect(response.headers.get("content-type")).toBe("image/gif");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment;/);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("content-security-policy")).toContain("sandbox");
    expect(response.headers.get("content-security-policy")).toContain("default-src 'none'");
    await response.body?.cancel();
  });

  it('names Résumé "Q3".pdf exactly in filename* and safely in the fallback', async () => {
    await signInAs("ben");
    const response = await download(stored.get('Résumé "Q3".pdf')!.id);
    expect(response.headers.get("content-disposition")).toBe(
      `attachment; filename="Resume _Q3_.pdf"; filename*=UTF-8''R%C3%A9sum%C3%A9%20%22Q3%22.pdf`,
    );
    await response.body?.cancel();
  });

  describe("answers the same 404 to", () => {
    let unknown: { status: number; json: unknown };
    beforeAll(async () => {
      await signInAs("viewer");
      const response = await download(randomUUID());
      unknown = { status: response.status, json: await response.json() };
    });

    it("an unknown id", () => {
      expect(unknown).toEqual({
        status: 404,
        json: {
          status: "error",
          formError: "That evidence file was not found. It may have been deleted.",
          fieldErrors: {},
        },
      });
    });

    it.each(["not-a-uuid", "..%2F..%2Fetc%2Fpasswd", "2025/01/" + randomUUID(), ""])(
      "a malformed id (%j)",
      async (id) => {
        await signInAs("viewer");
        const response = await download(id);
        expect({ status: response.status, json: await response.json() }).toEqual(unknown);
      },
    );

    it("someone still on a temporary password, for a file that exists", async () => {
      await signInAs("viewer");
      const viewer = await idOf("viewer");
      await getDb().update(users).set({ mustChangePassword: true }).where(eq(users.id, viewer));
      try {
        const response = await download(stored.get("pilot.png")!.id);
        expect({ status: response.status, json: await response.json() }).toEqual(unknown);
      } finally {
        await getDb().update(users).set({ mustChangePassword: false }).where(eq(users.id, viewer));
      }
    });

    it("someone signed out, for a file that exists", async () => {
      clearCookies();
      const response = await download(stored.get("pilot.png")!.id);
      expect({ status: response.status, json: await response.json() }).toEqual(unknown);
      expect(response.headers.get("content-disposition")).toBeNull();
    });
  });

  it("leaves storage as it was", async () => {
    await expectConsistent(storage.root());
  });
});

describe("attachmentDisposition", () => {
  it("is an attachment with an ASCII fallback and the exact name in filename*", () => {
    expect(attachmentDisposition("report.pdf")).toBe(`attachment; filename="report.pdf"; filename*=UTF-8''report.pdf`);
  });

  it('encodes Résumé "Q3".pdf per RFC 5987 and keeps quotes out of the fallback', () => {
    expect(attachmentDisposition('Résumé "Q3".pdf')).toBe(
      `attachment; filename="Resume _Q3_.pdf"; filename*=UTF-8''R%C3%A9sum%C3%A9%20%22Q3%22.pdf`,
    );
  });

  it.each([
    "report.pdf",
    'Résumé "Q3".pdf',
    "Sales (Q3) * final's.csv",
    "a;b,c=d.png",
    "100% done.pdf",
    "back\\slash.gif",
    "tab\there.png",
    "line\r\nContent-Type: text/html.png",
    "报告 2025.xlsx",
    "emoji 📈 growth.png",
    "Ω≈ç√∫.pdf",
    "!#$&+-.^_`|~.csv",
  ])("round-trips %j and stays a single, valid, ASCII header value", (name) => {
    const value = attachmentDisposition(name);
    expect(value).toMatch(/^[\x20-\x7E]*$/); // no CR/LF, no raw non-ASCII: nothing to inject or mangle
    expect(() => new Headers({ "content-disposition": value })).not.toThrow();
    const { type, fallback, encoded } = parseDisposition(value);
    expect(type).toBe("attachment");
    expect(encoded).toMatch(EXT_VALUE);
    expect(decodeURIComponent(encoded)).toBe(name);
    expect(fallback).not.toMatch(/["\\%;]/);
    expect(fallback.length).toBeGreaterThan(0);
  });

  it("falls back to a generic name when nothing of the name is ASCII", () => {
    expect(attachmentDisposition("報告")).toBe(`attachment; filename="evidence"; filename*=UTF-8''%E5%A0%B1%E5%91%8A`);
  });

  it("turns accented letters into their base letters in the fallback", () => {
    expect(parseDisposition(attachmentDisposition("Crème brûlée.pdf")).fallback).toBe("Creme brulee.pdf");
  });
});
