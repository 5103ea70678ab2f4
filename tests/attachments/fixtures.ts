// Evidence files for the attachment tests, generated here (no binary files in the repository):
// one of each allowed type, and the disguises, bombs and odd names the upload must refuse.
import { ATTACHMENT_MAX_BYTES } from "../../lib/attachments/vocabulary";
import { XLSX } from "../../lib/attachments/inspect";
import { zip, type ZipEntry } from "../support/zip";

export { XLSX };
export const MAX_BYTES = ATTACHMENT_MAX_BYTES; // 10 MiB = 10485760 bytes

const text = (value: string) => new Uint8Array(Buffer.from(value, "utf8"));
const base64 = (value: string) => new Uint8Array(Buffer.from(value, "base64"));
const concat = (...parts: (Uint8Array | string)[]) =>
  new Uint8Array(Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p, "latin1") : p))));

// ---------------------------------------------------------------------------- allowed types

/** A 1x1 transparent PNG. */
export const PNG = base64(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
);

/** The start of a JFIF JPEG: SOI, an APP0 "JFIF" segment, EOI. Enough for the sniffer. */
export const JPEG = new Uint8Array([
  0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00,
  0x00, 0xff, 0xd9,
]);

/** A 1x1 GIF89a. */
export const GIF = base64("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");

export const PDF = text("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

export const CSV = text("month,revenue,note\n2025-01,1200,Résumé of Q1\n2025-02,1350,“quoted”\n");

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
</Types>`;

const RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>`;

const WORKBOOK = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<sheets><sheet name="Evidence" sheetId="1" r:id="rId1"/></sheets>
</workbook>`;

const SHEET = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Accepted</t></is></c><c r="B1"><v>60</v></c></row></sheetData>
</worksheet>`;

/** The entries of a minimal workbook, [Content_Types].xml first (as Excel writes it). */
export const WORKBOOK_ENTRIES: ZipEntry[] = [
  { name: "[Content_Types].xml", data: CONTENT_TYPES },
  { name: "_rels/.rels", data: RELS, method: "store" },
  { name: "xl/workbook.xml", data: WORKBOOK },
  { name: "xl/worksheets/sheet1.xml", data: SHEET },
];

/** A real (minimal) .xlsx workbook. */
export const XLSX_FILE = new Uint8Array(zip(WORKBOOK_ENTRIES));

// ---------------------------------------------------------------------------- refused content

const BOMB_BYTES = 200 * 1024 * 1024;
let bombCache: { honest: Uint8Array; lying: Uint8Array } | undefined;

/**
 * Workbooks carrying 200 MiB of zeros in xl/media/bomb.bin (about 200 KB deflated): `honest`
 * declares the 200 MiB, `lying` declares 1 KiB and really inflates to 200 MiB.
 */
export function zipBombs(): { honest: Uint8Array; lying: Uint8Array } {
  if (!bombCache) {
    const zeros = new Uint8Array(BOMB_BYTES);
    const bomb = (declaredSize?: number) =>
      new Uint8Array(zip([...WORKBOOK_ENTRIES, { name: "xl/media/bomb.bin", data: zeros, declaredSize }]));
    bombCache = { honest: bomb(), lying: bomb(1024) };
  }
  return bombCache;
}

/** A workbook of more entries than a spreadsheet should have (each one tiny). */
export const MANY_ENTRIES_XLSX = new Uint8Array(
  zip([
    ...WORKBOOK_ENTRIES,
    ...Array.from({ length: 2001 }, (_, i) => ({ name: `xl/media/${i}.bin`, data: "x", method: "store" as const })),
  ]),
);

/** A zip with no workbook inside. */
export const PLAIN_ZIP = new Uint8Array(
  zip([
    { name: "notes.txt", data: "not a spreadsheet" },
    { name: "data/values.csv", data: "a,b\n1,2\n" },
  ]),
);

export const HTML = text("<!doctype html><html><body><script>alert(document.cookie)</script></body></html>\n");

export const SVG = text(
  '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(document.cookie)</script></svg>\n',
);

/** A GIF header that is also JavaScript: GIF89a/*…*\/=1;alert(1)// */
export const GIF_POLYGLOT = concat("GIF89a/*", new Uint8Array([0x01, 0x00, 0x01, 0x00, 0x80]), "*/=1;alert(1)//", GIF);

/**
 * UTF-8 CSVs whose first bytes happen to match a short binary signature: "BM" (BMP) and
 * "FORM" (AIFF). They are text, and CSV is what they are.
 */
export const CSV_LOOKING_BINARY: [name: string, bytes: Uint8Array][] = [
  ["health.csv", text("BMI,Weight (kg),Height (m)\n22.5,70,1.76\n")],
  ["submissions.csv", text("FORM,Status,Received\nIntake,open,2025-03-01\n")],
];

/** "café,1" in Latin-1: 0xE9 on its own is not UTF-8. */
export const LATIN1_CSV = concat("name,count\ncaf", new Uint8Array([0xe9]), ",1\n");

/** Text with a NUL byte, named .csv. */
export const BINARY_CSV = concat("a,b\n1,", new Uint8Array([0x00]), "\n");

/** A PDF of exactly `size` bytes: the header, spaces, the trailer. */
export function pdfOfSize(size: number): Uint8Array {
  const head = Buffer.from("%PDF-1.4\n", "latin1");
  const tail = Buffer.from("\n%%EOF\n", "latin1");
  const bytes = Buffer.alloc(size, 0x20);
  head.copy(bytes, 0);
  tail.copy(bytes, size - tail.length);
  return new Uint8Array(bytes);
}

// ---------------------------------------------------------------------------- names

export const LONG_NAME = `${"n".repeat(296)}.png`; // 300 characters
export const NAME_255 = `${"n".repeat(251)}.png`;
