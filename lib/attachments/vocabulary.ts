// Evidence files: what may be attached, how big and how named, in one place for the server, the
// database schema and the upload form alike. It imports nothing, so anything may import it.

const MIB = 1024 * 1024;

export const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

export interface AttachmentKind {
  /** What people call it ("PNG image"). */
  label: string;
  /** Its name in a list of kinds ("PNG"). */
  short: string;
  /** The endings a file name of this kind may have. */
  extensions: readonly string[];
}

const KINDS = {
  "image/png": { label: "PNG image", short: "PNG", extensions: ["png"] },
  "image/jpeg": { label: "JPEG image", short: "JPEG", extensions: ["jpg", "jpeg"] },
  "image/gif": { label: "GIF image", short: "GIF", extensions: ["gif"] },
  "application/pdf": { label: "PDF", short: "PDF", extensions: ["pdf"] },
  "text/csv": { label: "CSV file", short: "CSV", extensions: ["csv"] },
  [XLSX]: { label: "Excel workbook", short: "XLSX", extensions: ["xlsx"] },
} as const satisfies Record<string, AttachmentKind>;

export type AttachmentContentType = keyof typeof KINDS;
/** The kinds of file a proof point may hold, by content type, in the order they are listed. */
export const ATTACHMENT_KINDS: Readonly<Record<AttachmentContentType, AttachmentKind>> = KINDS;
export const ATTACHMENT_CONTENT_TYPES = Object.keys(KINDS) as AttachmentContentType[];

const kinds = Object.values(ATTACHMENT_KINDS);
export const ALLOWED_EXTENSIONS: readonly string[] = kinds.flatMap((k) => k.extensions);
/** "PNG, JPEG, GIF, PDF, CSV or XLSX" */
export const ALLOWED_SUMMARY = `${kinds
  .slice(0, -1)
  .map((k) => k.short)
  .join(", ")} or ${kinds.at(-1)!.short}`;
/** The file input's accept attribute: the same names the server takes. */
export const ATTACHMENT_ACCEPT = ALLOWED_EXTENSIONS.map((extension) => `.${extension}`).join(",");

/** 10 MiB, refused past it while the upload streams in (and by a check in the database). */
export const ATTACHMENT_MAX_BYTES = 10 * MIB;
/** "10 MiB" */
export const ATTACHMENT_MAX_SIZE = `${ATTACHMENT_MAX_BYTES / MIB} MiB`;
export const tooLargeMessage = (maxBytes: number = ATTACHMENT_MAX_BYTES) =>
  `The file is larger than ${Math.round(maxBytes / MIB)} MiB, the most a file may be.`;

/** A file's name and its label, each at most this long (VARCHAR(255) columns). */
export const ATTACHMENT_NAME_MAX = 255;
export const ATTACHMENT_LABEL_MAX = 255;

/** The size, in CSS pixels, of an evidence file's thumbnail on the canvas page. */
export const THUMBNAIL_DISPLAY_PX = 48;
/** The thumbnail's stored size: twice the displayed one, sharp on high-density screens. */
export const THUMBNAIL_PX = THUMBNAIL_DISPLAY_PX * 2;
