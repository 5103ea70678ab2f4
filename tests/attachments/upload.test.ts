// The upload route (POST /api/proof-points/:id/attachments) as Ana, GM of Harbor Logistics:
// every allowed type is stored under a random path with its sniffed type; every disguise,
// bomb, bad name and oversized body is refused with the right status and leaves no row, no
// file and nothing staged. Authorization is in authorization.test.ts.
import { beforeAll, describe, expect, it, vi } from "vitest";
import { UPLOAD_REQUEST_TIMEOUT_MS } from "../../lib/attachments/upload-deadline";
import { thumbnailOwner } from "../../lib/attachments/storage";
import { useSeededAppDatabase } from "../support/app-database";
import { idOf, signInAs } from "../support/session";
import { zip } from "../support/zip";
import {
  BINARY_CSV,
  CSV,
  CSV_LOOKING_BINARY,
  GIF,
  GIF_POLYGLOT,
  HTML,
  JPEG,
  LATIN1_CSV,
  LONG_NAME,
  MANY_ENTRIES_XLSX,
  MAX_BYTES,
  NAME_255,
  PDF,
  pdfOfSize,
  PLAIN_ZIP,
  PNG,
  SVG,
  WORKBOOK_ENTRIES,
  XLSX,
  XLSX_FILE,
  zipBombs,
} from "./fixtures";
import {
  attachmentRow,
  canvasOf,
  countingStream,
  expectConsistent,
  expectNothingStored,
  expectSameBytes,
  outbox,
  STORAGE_PATH,
  stagingEntries,
  storageState,
  storedBytes,
  storedFiles,
  streamOf,
  upload,
  uploaded,
  useTempStorage,
  UUID,
  ENGINES_AND_DRIVERS,
} from "./support";

const CHUNK = 64 * 1024;

/** A zip with a workbook's [Content_Types].xml but no xl/workbook.xml. */
const CONTENT_TYPES_ONLY = new Uint8Array(zip(WORKBOOK_ENTRIES.filter((e) => e.name !== "xl/workbook.xml")));

const ACCEPTED: [name: string, bytes: Uint8Array, contentType: string][] = [
  ["pilot-dashboard.png", PNG, "image/png"],
  ["berth photo.jpg", JPEG, "image/jpeg"],
  ["BERTH.JPEG", JPEG, "image/jpeg"],
  ["trend.gif", GIF, "image/gif"],
  ["Letter of intent.pdf", PDF, "application/pdf"],
  ["acceptance-rates.csv", CSV, "text/csv"],
  ["Pilot model.xlsx", XLSX_FILE, XLSX],
  // GIF89a/*…*/=1;alert(1)// is a GIF: accepted, and served only as a download (download.test.ts).
  ["polyglot.gif", GIF_POLYGLOT, "image/gif"],
  [NAME_255, PNG, "image/png"],
];

// Content the upload must refuse (422, field error on `file`), whatever the name says.
const REFUSED_CONTENT: [what: string, name: string, bytes: Uint8Array, message: RegExp][] = [
  ["HTML named .png", "page.png", HTML, /not a PNG, JPEG, GIF, PDF, CSV or XLSX file/],
  ["SVG named .png", "drawing.png", SVG, /not a PNG, JPEG, GIF, PDF, CSV or XLSX file/],
  ["a plain zip named .xlsx", "archive.xlsx", PLAIN_ZIP, /This file is ZIP/],
  ["a zip with content types but no workbook", "hollow.xlsx", CONTENT_TYPES_ONLY, /not an Excel workbook/],
  ["a workbook of 2001 extra entries", "crowded.xlsx", MANY_ENTRIES_XLSX, /unpacks to far more/],
  ["a Latin-1 CSV", "latin1.csv", LATIN1_CSV, /not UTF-8 text/],
  ["a CSV with a NUL byte", "binary.csv", BINARY_CSV, /binary data/],
  ["a PNG named .pdf", "proof.pdf", PNG, /PNG image, but its name ends in \.pdf/],
  ["a PDF named .png", "proof.png", PDF, /PDF, but its name ends in \.png/],
  ["a JPEG named .gif", "proof.gif", JPEG, /JPEG image, but its name ends in \.gif/],
  ["a workbook named .csv", "model.csv", XLSX_FILE, /Excel workbook, but its name ends in \.csv/],
  ["a CSV named .png", "figures.png", CSV, /not a PNG, JPEG, GIF, PDF, CSV or XLSX file/],
  ["0 bytes named .png", "empty.png", new Uint8Array(0), /^The file is empty\.$/],
  ["0 bytes named .csv", "empty.csv", new Uint8Array(0), /^The file is empty\.$/],
];

const codeOf = (character: string) => `U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;

// Names refused before a byte of the body is read (422, field error on `file`).
const REFUSED_NAMES: [what: string, name: string | null, message: RegExp][] = [
  ["a path climbing out", "../../x.png", /cannot contain folders/],
  ["a folder", "uploads/x.png", /cannot contain folders/],
  ["a Windows folder", "C:\\temp\\x.png", /cannot contain folders/],
  ["a disguised script", "a.php.png", /hides another type \(\.php\)/],
  ["a disguised script in capitals", "a.PHP.png", /hides another type \(\.PHP\)/],
  ["a disguised SVG", "logo.svg.png", /hides another type \(\.svg\)/],
  ["300 characters", LONG_NAME, /at most 255 characters/],
  ["a NUL", "proof\u0000.png", /hidden character \(U\+0000\)/],
  ["a line break", "proof\r\n.png", /hidden character \(U\+000D\)/],
  // Shown as "invoicegnp.pdf": a right-to-left override disguises the type.
  ["a right-to-left override", "invoice\u202Efdp.png", /hidden character \(U\+202E\)/],
  ...["\u061C", "\u200E", "\u200F", "\u202A", "\u202B", "\u202C", "\u202D", "\u2066", "\u2067", "\u2068", "\u2069"].map(
    (bidi): [string, string, RegExp] => [
      `a bidirectional control ${codeOf(bidi)}`,
      `a${bidi}b.png`,
      new RegExp(`hidden character \\(${codeOf(bidi).replace("+", "\\+")}\\)`),
    ],
  ),
  ["a zero-width space", "pro\u200Bof.png", /hidden character \(U\+200B\)/],
  ["a zero-width joiner", "pro\u200Dof.png", /hidden character \(U\+200D\)/],
  ["a word joiner", "pro\u2060of.png", /hidden character \(U\+2060\)/],
  ["a byte-order mark inside", "pro\uFEFFof.png", /hidden character \(U\+FEFF\)/],
  ["a soft hyphen", "pro\u00ADof.png", /hidden character \(U\+00AD\)/],
  ["a C1 control", "pro\u0085of.png", /hidden character \(U\+0085\)/],
  ["no extension", "evidence", /must end in one of those/],
  ["an SVG", "drawing.svg", /must end in one of those/],
  ["an HTML page", "page.html", /must end in one of those/],
  ["a zip", "archive.zip", /must end in one of those/],
  ["only spaces", "   ", /has no name/],
  ["no name header at all", null, /has no name/],
];

describe.each(ENGINES_AND_DRIVERS)("evidence uploads on %s with %s storage", (engine, driver) => {
  useSeededAppDatabase(engine);
  const storage = useTempStorage(driver);
  let point: string;
  let anaId: string;

  beforeAll(async () => {
    await signInAs("ana");
    point = (await canvasOf("Harbor Logistics")).pointIds[0]![0]!;
    anaId = await idOf("ana");
  });

  describe("accepts every allowed type", () => {
    it.each(ACCEPTED)("%s", async (name, bytes, contentType) => {
      const { status, json } = await upload(point, bytes, { name });
      expect(status).toBe(201);
      expect(json).toEqual({
        status: "success",
        attachment: {
          id: expect.stringMatching(UUID),
          proofPointId: point,
          filename: name,
          label: null,
          contentType,
          sizeBytes: bytes.length,
          hasThumbnail: expect.any(Boolean), // which files get one: tests/attachments/thumbnail.test.ts
          uploaderName: "Ana Silva",
          createdAt: expect.any(String),
        },
      });
      const id = (json as { attachment: { id: string } }).attachment.id;
      const row = (await attachmentRow(id))!;
      expect(row).toMatchObject({
        proofPointId: point,
        monthlyReviewId: null,
        filename: name,
        contentType,
        sizeBytes: bytes.length,
        label: null,
        uploadedBy: anaId,
      });
      // A random path under a dated folder: nothing of the name the browser sent.
      expect(row.storagePath).toMatch(STORAGE_PATH);
      expectSameBytes(await storedBytes(storage.root(), row.storagePath), bytes);
      const files = await storedFiles(storage.root());
      expect(files).toContain(row.storagePath);
      // Nothing else but thumbnails beside their files.
      expect(files.filter((f) => !STORAGE_PATH.test(f) && !files.includes(thumbnailOwner(f) ?? ""))).toEqual([]);
      expect(await stagingEntries(storage.root())).toEqual([]);
      expect(await outbox()).toEqual([]);
    });

    it.each(CSV_LOOKING_BINARY)("a UTF-8 CSV that starts like a binary signature (%s)", async (name, bytes) => {
      const { status, json } = await upload(point, bytes, { name });
      expect(json, JSON.stringify(json)).toMatchObject({
        status: "success",
        attachment: { contentType: "text/csv", filename: name },
      });
      expect(status).toBe(201);
    });

    it("streams a body sent without Content-Length", async () => {
      const body = streamOf(PDF, 16);
      const attachment = await uploaded(point, body.stream, { name: "streamed.pdf" });
      expect(body.pulled()).toBe(PDF.length);
      const row = (await attachmentRow(attachment.id))!;
      expect(row).toMatchObject({ contentType: "application/pdf", sizeBytes: PDF.length });
      expectSameBytes(await storedBytes(storage.root(), row.storagePath), PDF);
    });

    it("the same name twice: two rows, two files, two different storage paths", async () => {
      const first = await uploaded(point, PNG, { name: "same.png" });
      const second = await uploaded(point, PNG, { name: "same.png" });
      const [a, b] = [(await attachmentRow(first.id))!, (await attachmentRow(second.id))!];
      expect(a.storagePath).not.toBe(b.storagePath);
      expect(await storedFiles(storage.root())).toEqual(expect.arrayContaining([a.storagePath, b.storagePath]));
    });

    it("keeps the name as the browser sent it for display, trimmed and in NFC", async () => {
      const attachment = await uploaded(point, PDF, { name: "  Re\u0301sume\u0301 “Q3” #1.pdf " });
      expect(attachment.filename).toBe("Résumé “Q3” #1.pdf");
      expect((await attachmentRow(attachment.id))!.filename).toBe("Résumé “Q3” #1.pdf");
    });
  });

  describe("labels", () => {
    it("are optional", async () => {
      expect((await uploaded(point, PNG, { name: "unlabelled.png" })).label).toBeNull();
      expect((await uploaded(point, PNG, { name: "blank.png", label: "   " })).label).toBeNull();
    });

    it("are trimmed and kept exactly otherwise", async () => {
      const attachment = await uploaded(point, PNG, {
        name: "labelled.png",
        label: "  Week 2 — “41%” accepted \u200B",
      });
      expect(attachment.label).toBe("Week 2 — “41%” accepted");
      expect((await attachmentRow(attachment.id))!.label).toBe("Week 2 — “41%” accepted");
    });

    it.each([
      ["longer than 255 characters", "l".repeat(256), /255 characters or fewer/],
      ["with control characters", "bad\u0007label", /hidden character U\+0007 /],
      ["with a right-to-left override", "bad\u202Elabel", /hidden character U\+202E /],
    ])("are refused when %s, before the body is read", async (_what, label, message) => {
      const before = await storageState(storage.root());
      const body = streamOf(PNG);
      const { status, json } = await upload(point, body.stream, { name: "labelled.png", label });
      expect(status).toBe(422);
      expect(json).toMatchObject({ status: "error", fieldErrors: { label: [expect.stringMatching(message)] } });
      expect(body.pulled()).toBe(0);
      await expectNothingStored(storage.root(), before);
    });
  });

  describe("refuses content that is not what it may be", () => {
    it.each(REFUSED_CONTENT)("%s", async (_what, name, bytes, message) => {
      const before = await storageState(storage.root());
      const { status, json } = await upload(point, bytes, { name });
      expect(status).toBe(422);
      expect(json).toMatchObject({ status: "error", fieldErrors: { file: [expect.stringMatching(message)] } });
      await expectNothingStored(storage.root(), before);
    });

    it("a request without a body", async () => {
      const before = await storageState(storage.root());
      const { status, json } = await upload(point, null, { name: "nothing.png" });
      expect(status).toBe(422);
      expect(json).toMatchObject({ fieldErrors: { file: ["The file is empty."] } });
      await expectNothingStored(storage.root(), before);
    });

    it("a zip bomb named .xlsx that declares its 200 MiB", async () => {
      const before = await storageState(storage.root());
      const { status, json } = await upload(point, zipBombs().honest, { name: "bomb.xlsx" });
      expect(status).toBe(422);
      expect(json).toMatchObject({ fieldErrors: { file: [expect.stringMatching(/unpacks to far more/)] } });
      await expectNothingStored(storage.root(), before);
    });

    it("a zip bomb named .xlsx that declares 1 KiB and inflates to 200 MiB", async () => {
      const before = await storageState(storage.root());
      const { status, json } = await upload(point, zipBombs().lying, { name: "bomb.xlsx" });
      expect(status).toBe(422);
      expect(json).toMatchObject({
        fieldErrors: { file: [expect.stringMatching(/unpacks to more than it declares/)] },
      });
      await expectNothingStored(storage.root(), before);
    });
  });

  describe("refuses bad names before reading the body", () => {
    it.each(REFUSED_NAMES)("%s", async (_what, name, message) => {
      const before = await storageState(storage.root());
      const body = streamOf(PNG);
      const { status, json } = await upload(point, body.stream, { name });
      expect(status).toBe(422);
      expect(json).toMatchObject({ status: "error", fieldErrors: { file: [expect.stringMatching(message)] } });
      expect(body.pulled()).toBe(0);
      await expectNothingStored(storage.root(), before);
    });
  });

  describe("size", () => {
    it("accepts exactly 10 MiB with Content-Length", async () => {
      const bytes = pdfOfSize(MAX_BYTES);
      const attachment = await uploaded(point, bytes, { name: "ten-mib.pdf" });
      expect(attachment.sizeBytes).toBe(10_485_760);
      const row = (await attachmentRow(attachment.id))!;
      expect(row.sizeBytes).toBe(10_485_760);
      expectSameBytes(await storedBytes(storage.root(), row.storagePath), bytes);
    });

    it("accepts exactly 10 MiB streamed without Content-Length", async () => {
      const body = streamOf(pdfOfSize(MAX_BYTES), CHUNK);
      const attachment = await uploaded(point, body.stream, { name: "ten-mib.pdf" });
      expect(attachment.sizeBytes).toBe(MAX_BYTES);
    });

    it("refuses 10 MiB + 1 byte declared in Content-Length with 413 before reading anything", async () => {
      const before = await storageState(storage.root());
      const body = countingStream(MAX_BYTES + 1, PDF);
      const { status, json } = await upload(point, body.stream, { name: "big.pdf", length: MAX_BYTES + 1 });
      expect(status).toBe(413);
      expect(json).toMatchObject({ status: "error", fieldErrors: { file: [expect.stringMatching(/10 MiB/)] } });
      expect(body.pulled()).toBe(0);
      await expectNothingStored(storage.root(), before);
    });

    it("refuses 10 MiB + 1 byte streamed without Content-Length with 413", async () => {
      const before = await storageState(storage.root());
      const body = countingStream(MAX_BYTES + 1, PDF);
      const { status, json } = await upload(point, body.stream, { name: "big.pdf" });
      expect(status).toBe(413);
      expect(json).toMatchObject({ fieldErrors: { file: [expect.stringMatching(/10 MiB/)] } });
      await expectNothingStored(storage.root(), before);
    });

    it("refuses 10 MiB + 1 byte as a plain body with Content-Length (413)", async () => {
      const before = await storageState(storage.root());
      const { status } = await upload(point, pdfOfSize(MAX_BYTES + 1), { name: "big.pdf" });
      expect(status).toBe(413);
      await expectNothingStored(storage.root(), before);
    });

    it("refuses a 50 MiB stream without Content-Length past 10 MiB, without reading it to the end", async () => {
      const before = await storageState(storage.root());
      const body = countingStream(50 * 1024 * 1024, PDF, CHUNK);
      const { status, json } = await upload(point, body.stream, { name: "huge.pdf" });
      expect(status).toBe(413);
      expect(json).toMatchObject({ fieldErrors: { file: [expect.stringMatching(/10 MiB/)] } });
      expect(body.pulled()).toBeGreaterThan(MAX_BYTES);
      expect(body.pulled()).toBeLessThanOrEqual(MAX_BYTES + 4 * CHUNK);
      // Left, not cancelled: Next.js goes on feeding a cancelled request body from the socket
      // and throws an uncaught exception; the route closes the connection instead.
      expect(body.cancelled()).toBe(false);
      await expectNothingStored(storage.root(), before);
    });

    it("refuses a 50 MiB stream that declares a small Content-Length, past 10 MiB", async () => {
      const before = await storageState(storage.root());
      const body = countingStream(50 * 1024 * 1024, PDF, CHUNK);
      const { status } = await upload(point, body.stream, { name: "liar.pdf", length: 1000 });
      expect(status).toBe(413);
      expect(body.pulled()).toBeLessThanOrEqual(MAX_BYTES + 4 * CHUNK);
      await expectNothingStored(storage.root(), before);
    });
  });

  it("leaves nothing staged or stored when the body breaks off midway (the browser went away)", async () => {
    const before = await storageState(storage.root());
    let sent = 0;
    const broken = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          if (sent === 0) controller.enqueue(PDF);
          else if (sent < 4) controller.enqueue(new Uint8Array(CHUNK));
          else controller.error(new Error("connection reset by peer"));
          sent++;
        },
      },
      { highWaterMark: 0 },
    );
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const { status, json } = await upload(point, broken, { name: "broken.pdf" });
      expect(status).toBeGreaterThanOrEqual(400);
      expect(json).toMatchObject({ status: "error" });
    } finally {
      errors.mockRestore();
    }
    await expectNothingStored(storage.root(), before);
  });

  it("stops an upload whose body has not arrived within the upload request timeout, leaving nothing staged", async () => {
    const before = await storageState(storage.root());
    let sent = 0;
    // A client that sends its first bytes, then nothing more (a stalled or hostile connection).
    const stalled = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          if (sent++ === 0) controller.enqueue(PNG);
          else return new Promise<void>(() => {});
        },
      },
      { highWaterMark: 0 },
    );
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    try {
      const answer = upload(point, stalled, { name: "stalled.png" });
      await vi.waitUntil(() => sent === 2); // the first bytes are staged; the route waits for more
      vi.advanceTimersByTime(UPLOAD_REQUEST_TIMEOUT_MS);
      const { status, json } = await answer;
      expect(status).toBe(422);
      expect(json).toMatchObject({ fieldErrors: { file: [expect.stringMatching(/took longer than 5 minutes/)] } });
    } finally {
      vi.useRealTimers();
    }
    await expectNothingStored(storage.root(), before);
  });

  it("leaves every row with its file, nothing staged and nothing in the outbox", async () => {
    await expectConsistent(storage.root());
  });
});
