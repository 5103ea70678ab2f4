import "server-only";
import { readFile } from "node:fs/promises";
import { fileTypeFromFile } from "file-type";
import yauzl from "yauzl";
import { type AttachmentContentType } from "../../db/schema";
import { UserFacingError } from "../errors";
import { readFilename } from "./filename";
import { ALLOWED_SUMMARY, ATTACHMENT_KINDS as KINDS, XLSX } from "./vocabulary";

export { XLSX } from "./vocabulary";

// The server never trusts the browser: the name is checked on its own, the type is sniffed
// from the bytes, and the two must agree.

// Bounds on a workbook's zip: enough for real spreadsheets, far too little for a zip bomb.
export const XLSX_LIMITS = { entries: 2000, uncompressedBytes: 100 * 1024 * 1024 } as const;

const refuse = (message: string) => new UserFacingError(message, { file: [message] });

/** Checks the name a file was uploaded with (lib/attachments/filename.ts); answers it and its extension. */
export function checkFilename(raw: string): { filename: string; extension: string } {
  const checked = readFilename(raw);
  if ("problem" in checked) throw refuse(checked.problem);
  return checked;
}

/** Sniffs the file's real type and checks it against the name. Answers the content type to store. */
export async function inspectContent(
  localPath: string,
  size: number,
  extension: string,
): Promise<AttachmentContentType> {
  if (size === 0) throw refuse("The file is empty.");
  // CSV has no signature, and its first bytes may look like one ("BMI,…" reads as BMP): a
  // file named .csv is judged by being UTF-8 text alone.
  if (extension === "csv") {
    try {
      await checkCsv(localPath);
      return "text/csv";
    } catch (notText) {
      // Not text: say what it is when it is one of the other kinds.
      const kind = knownKind(await fileTypeFromFile(localPath));
      if (kind) throw mismatch(kind, extension);
      throw notText;
    }
  }
  const sniffed = await fileTypeFromFile(localPath);
  const kind = knownKind(sniffed);

  if (!sniffed) throw refuse(`This file is not a ${ALLOWED_SUMMARY} file, whatever its name says.`);
  if (!kind || kind === "text/csv") {
    throw refuse(`This file is ${sniffed.ext.toUpperCase()}, not a ${ALLOWED_SUMMARY} file.`);
  }
  if (!KINDS[kind].extensions.includes(extension)) throw mismatch(kind, extension);
  if (kind === XLSX) await checkWorkbook(localPath);
  return kind;
}

function knownKind(sniffed: { mime: string } | undefined): AttachmentContentType | null {
  // An animated PNG is a PNG to every browser.
  const mime = sniffed?.mime === "image/apng" ? "image/png" : sniffed?.mime;
  return mime && mime in KINDS ? (mime as AttachmentContentType) : null;
}

const mismatch = (kind: AttachmentContentType, extension: string) =>
  refuse(`This file is a ${KINDS[kind].label}, but its name ends in .${extension}. Rename it to match.`);

async function checkCsv(localPath: string): Promise<void> {
  const bytes = await readFile(localPath); // at most 10 MiB: checked while streaming
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw refuse("This CSV file is not UTF-8 text. Export it again as “CSV UTF-8”.");
  }
  if (bytes.includes(0)) throw refuse("This CSV file contains binary data, not text.");
}

/** A workbook is a zip: bound its entry count and real uncompressed size, and check it is a workbook. */
async function checkWorkbook(localPath: string): Promise<void> {
  const tooBig = refuse("This workbook unpacks to far more than a spreadsheet should. It cannot be attached.");
  let zip: yauzl.ZipFile;
  try {
    // validateEntrySizes: an entry that inflates past the size it declares is an error.
    zip = await yauzl.openPromise(localPath, { lazyEntries: true, validateEntrySizes: true, autoClose: true });
  } catch {
    throw refuse("This workbook is damaged and cannot be read.");
  }
  if (zip.entryCount > XLSX_LIMITS.entries) {
    zip.close();
    throw tooBig;
  }
  const names = new Set<string>();
  let total = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on("error", reject);
      zip.on("end", resolve);
      zip.on("entry", (entry: yauzl.Entry) => {
        names.add(entry.fileName);
        total += entry.uncompressedSize;
        if (total > XLSX_LIMITS.uncompressedBytes) return reject(tooBig);
        if (entry.fileName.endsWith("/")) return zip.readEntry();
        zip.openReadStream(entry, (error, stream) => {
          if (error) return reject(error);
          stream.on("error", reject);
          stream.on("data", () => {}); // inflate and discard: yauzl checks the real size
          stream.on("end", () => zip.readEntry());
        });
      });
      zip.readEntry();
    });
  } catch (error) {
    zip.close();
    if (error instanceof UserFacingError) throw error;
    throw refuse("This workbook is damaged or unpacks to more than it declares. It cannot be attached.");
  }
  if (!names.has("[Content_Types].xml") || !names.has("xl/workbook.xml")) {
    throw refuse("This file is a zip archive, not an Excel workbook.");
  }
}
