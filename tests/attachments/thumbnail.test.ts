// Evidence thumbnails: made at upload from the staged file (a 96 px WebP of a few KB, however
// large the image), stored beside the file through the storage interface, served to signed-in
// readers on the download's terms, and removed with the file by deletes and by the sweep. An
// image sharp cannot read (corrupt, or a decompression bomb) still uploads, without one.
import { randomUUID } from "node:crypto";
import { crc32 } from "node:zlib";
import { eq } from "drizzle-orm";
import sharp from "sharp";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { deleteAttachmentAction } from "../../app/vbus/[id]/actions";
import { getDb } from "../../db/client";
import { users } from "../../db/schema";
import { getStorage, newStoragePath, thumbnailPath } from "../../lib/attachments/storage";
import { sweepStorage } from "../../lib/attachments/sweep";
import { hasThumbnailKind } from "../../lib/attachments/thumbnail";
import { THUMBNAIL_PX } from "../../lib/attachments/vocabulary";
import { useSeededAppDatabase } from "../support/app-database";
import { clearCookies } from "../support/request";
import { type DemoKey, idOf, run, signInAs } from "../support/session";
import { CSV, GIF, PDF, PNG } from "./fixtures";
import {
  attachmentRow,
  canvasOf,
  download,
  expectConsistent,
  expectSameBytes,
  storedBytes,
  storedFiles,
  thumbnail,
  uploaded,
  useTempStorage,
  ENGINES_AND_DRIVERS,
} from "./support";

/** At most this many bytes: a few KB, against the megabytes of the image. */
const SMALL = 16 * 1024;

/** A photo-sized PNG of noise (incompressible: about 1.4 MB), the worst case for a thumbnail. */
async function largePng(): Promise<Uint8Array> {
  const noise = { type: "gaussian", mean: 128, sigma: 40 } as const;
  return new Uint8Array(
    await sharp({ create: { width: 800, height: 600, channels: 3, background: "#888", noise } })
      .png({ compressionLevel: 1 })
      .toBuffer(),
  );
}

/** A real 640 × 480 JPEG photo (flat colour). */
async function realJpeg(): Promise<Uint8Array> {
  const image = sharp({ create: { width: 640, height: 480, channels: 3, background: "#3a6ea5" } });
  return new Uint8Array(await image.jpeg().toBuffer());
}

/** A PNG whose header claims `width` × `height` pixels: a decompression bomb's promise. */
function pngClaiming(width: number, height: number): Uint8Array {
  const bytes = new Uint8Array(PNG);
  const view = new DataView(bytes.buffer);
  // IHDR: length (4), type (4) at offset 8, then width and height, then its CRC after 13 bytes.
  view.setUint32(16, width);
  view.setUint32(20, height);
  view.setUint32(29, crc32(bytes.subarray(12, 29)));
  return bytes;
}

/** A PNG signature and header, then garbage: sniffed as PNG, unreadable as an image. */
const CORRUPT_PNG = new Uint8Array([...PNG.subarray(0, 33), ...new Uint8Array(64).fill(0x5a)]);

const ROLES: DemoKey[] = ["admin", "ana", "ben", "viewer"];
const NOT_FOUND = {
  status: 404,
  json: { status: "error", formError: "That evidence file was not found. It may have been deleted.", fieldErrors: {} },
};

async function answer(response: Response) {
  return { status: response.status, json: await response.json() };
}

describe.each(ENGINES_AND_DRIVERS)("evidence thumbnails on %s with %s storage", (engine, driver) => {
  useSeededAppDatabase(engine);
  const storage = useTempStorage(driver);
  let point: string;
  let big: Uint8Array;

  beforeAll(async () => {
    point = (await canvasOf("Harbor Logistics")).pointIds[0]![0]!;
    big = await largePng();
  });

  async function upload(bytes: Uint8Array, name: string) {
    await signInAs("ana");
    const view = await uploaded(point, bytes, { name });
    return { view, row: (await attachmentRow(view.id))! };
  }

  describe("at upload", () => {
    it("stores a small 96 px WebP beside a large PNG, and the page is told it has one", async () => {
      expect(big.length).toBeGreaterThan(1_000_000);
      const { view, row } = await upload(big, "dashboard.png");
      expect(view.hasThumbnail).toBe(true);
      expect(row.hasThumbnail).toBe(true);
      expect(await storedFiles(storage.root())).toEqual(
        expect.arrayContaining([row.storagePath, thumbnailPath(row.storagePath)]),
      );
      const bytes = await storedBytes(storage.root(), thumbnailPath(row.storagePath));
      expect(bytes.length).toBeLessThan(SMALL);
      const meta = await sharp(bytes).metadata();
      expect({ format: meta.format, width: meta.width, height: meta.height }).toEqual({
        format: "webp",
        width: THUMBNAIL_PX,
        height: THUMBNAIL_PX,
      });
      await expectConsistent(storage.root());
    });

    it.each([
      ["pilot.png", () => PNG],
      ["photo.jpg", realJpeg], // the fixtures' JPEG is only a header: enough to sniff, not to decode
      ["chart.gif", () => GIF],
    ])("makes one for %s", async (name, bytes) => {
      const { row } = await upload(await bytes(), name);
      expect(row.hasThumbnail).toBe(true);
      const meta = await sharp(await storedBytes(storage.root(), thumbnailPath(row.storagePath))).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(["webp", THUMBNAIL_PX, THUMBNAIL_PX]);
    });

    it("makes none for a CSV, nor for a PDF unless this libvips reads PDF (the prebuilt one does not)", async () => {
      expect(hasThumbnailKind("text/csv")).toBe(false);
      expect(hasThumbnailKind("application/pdf")).toBe(sharp.format.pdf.input.file);
      for (const [name, bytes] of [
        ["rates.csv", CSV],
        ["report.pdf", PDF],
      ] as const) {
        const { row } = await upload(bytes, name);
        expect(row.hasThumbnail, name).toBe(false);
        expect(await storedFiles(storage.root())).not.toContain(thumbnailPath(row.storagePath));
      }
      await expectConsistent(storage.root());
    });

    it.each([
      ["a corrupt PNG", CORRUPT_PNG],
      ["a PNG claiming 100,000 × 100,000 pixels", pngClaiming(100_000, 100_000)],
    ])("still takes %s, without a thumbnail, logging only its storage path", async (_, bytes) => {
      const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
      try {
        const { view, row } = await upload(bytes, "secret-plan.png");
        expect(view.hasThumbnail).toBe(false);
        expect(await storedFiles(storage.root())).toContain(row.storagePath);
        expect(await storedFiles(storage.root())).not.toContain(thumbnailPath(row.storagePath));
        expectSameBytes(new Uint8Array(await (await download(view.id)).arrayBuffer()), bytes);
        expect(warn).toHaveBeenCalledTimes(1);
        expect(String(warn.mock.calls[0]![0])).toContain(row.storagePath);
        expect(String(warn.mock.calls[0]![0])).not.toContain("secret-plan");
      } finally {
        warn.mockRestore();
      }
      await expectConsistent(storage.root());
    });
  });

  describe("served", () => {
    it.each(ROLES)("to %s, as the stored WebP, never sniffed, sandboxed, kept privately", async (key) => {
      const { view, row } = await upload(big, "served.png");
      await signInAs(key);
      const response = await thumbnail(view.id);
      expect(response.status).toBe(200);
      const bytes = new Uint8Array(await response.arrayBuffer());
      expectSameBytes(bytes, await storedBytes(storage.root(), thumbnailPath(row.storagePath)));
      expect(Object.fromEntries(response.headers)).toMatchObject({
        "content-type": "image/webp",
        "content-length": String(bytes.length),
        "content-disposition": "inline",
        "x-content-type-options": "nosniff",
        "content-security-policy": "sandbox; default-src 'none'",
      });
      expect(response.headers.get("cache-control")).toMatch(/^private, max-age=\d+/);
    });

    describe("answers the download's 404 to", () => {
      let id: string;
      beforeAll(async () => {
        id = (await upload(PNG, "pilot.png")).view.id;
      });

      it("an unknown id", async () => {
        await signInAs("viewer");
        expect(await answer(await thumbnail(randomUUID()))).toEqual(NOT_FOUND);
      });

      it.each(["not-a-uuid", "..%2F..%2Fetc%2Fpasswd", "2025/01/" + randomUUID(), ""])(
        "a malformed id (%j)",
        async (malformed) => {
          await signInAs("viewer");
          expect(await answer(await thumbnail(malformed))).toEqual(NOT_FOUND);
        },
      );

      it("someone signed out, for a thumbnail that exists", async () => {
        clearCookies();
        const response = await thumbnail(id);
        expect(response.headers.get("content-type")).not.toBe("image/webp");
        expect(await answer(response)).toEqual(NOT_FOUND);
      });

      it("someone still on a temporary password, for a thumbnail that exists", async () => {
        await signInAs("viewer");
        const viewer = await idOf("viewer");
        await getDb().update(users).set({ mustChangePassword: true }).where(eq(users.id, viewer));
        try {
          expect(await answer(await thumbnail(id))).toEqual(NOT_FOUND);
        } finally {
          await getDb().update(users).set({ mustChangePassword: false }).where(eq(users.id, viewer));
        }
      });

      it("a file that has no thumbnail (a CSV, a corrupt image)", async () => {
        for (const [bytes, name] of [
          [CSV, "rates.csv"],
          [CORRUPT_PNG, "broken.png"],
        ] as const) {
          const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
          const { view } = await upload(bytes, name);
          warn.mockRestore();
          await signInAs("viewer");
          expect(await answer(await thumbnail(view.id))).toEqual(NOT_FOUND);
        }
      });
    });
  });

  describe("removed with the file", () => {
    it("when the attachment is deleted", async () => {
      const { view, row } = await upload(big, "doomed.png");
      const result = await run(deleteAttachmentAction, { attachmentId: view.id });
      expect(result).toMatchObject({ status: "success" });
      const files = await storedFiles(storage.root());
      expect(files).not.toContain(row.storagePath);
      expect(files).not.toContain(thumbnailPath(row.storagePath));
      await signInAs("viewer");
      expect(await answer(await thumbnail(view.id))).toEqual(NOT_FOUND);
      await expectConsistent(storage.root());
    });

    it("by the sweep: kept while its file's row is, removed (with apply) once it is an orphan", async () => {
      const { row } = await upload(PNG, "kept.png");
      // A thumbnail whose file never got a row (a crash mid-commit), old enough to judge.
      const orphan = thumbnailPath(newStoragePath());
      await storage.root().plant(orphan, PNG);
      const longAgo = new Date(Date.now() - 3 * 60 * 60 * 1000);
      await storage.root().age(orphan, longAgo);
      // The kept file's thumbnail just as old: only its row keeps it.
      await storage.root().age(thumbnailPath(row.storagePath), longAgo);

      const dry = await sweepStorage(getStorage());
      expect(dry).toMatchObject({ orphanFiles: [orphan], recentFiles: 0, missingFiles: [] });
      expect(await storedFiles(storage.root())).toContain(orphan);

      const applied = await sweepStorage(getStorage(), { apply: true });
      expect(applied.orphanFiles).toEqual([orphan]);
      const files = await storedFiles(storage.root());
      expect(files).not.toContain(orphan);
      expect(files).toEqual(expect.arrayContaining([row.storagePath, thumbnailPath(row.storagePath)]));
      await expectConsistent(storage.root());
    });
  });
});
