import "server-only";
import sharp from "sharp";
import type { AttachmentContentType } from "./vocabulary";
import { THUMBNAIL_PX } from "./vocabulary";

// Thumbnails are made once, at upload, from the staged file: a small WebP the canvas page
// shows instead of the whole file. A file sharp cannot read still uploads, without one.

/** The stored thumbnails' type. */
export const THUMBNAIL_CONTENT_TYPE = "image/webp";

// Against decompression bombs: a 10 MiB PNG can claim a canvas of billions of pixels. 50
// megapixels takes any phone photo; anything larger is refused before its pixels are decoded.
const LIMITS = { limitInputPixels: 50_000_000, failOn: "error", timeoutSeconds: 10 } as const;

/**
 * The kinds of file that get a thumbnail: the images, and PDFs (first page) where this build of
 * libvips reads PDF. sharp's prebuilt libvips has no PDF support, so PDFs show their type.
 */
export function hasThumbnailKind(contentType: AttachmentContentType): boolean {
  if (contentType.startsWith("image/")) return true;
  return contentType === "application/pdf" && sharp.format.pdf.input.file;
}

/**
 * A THUMBNAIL_PX square WebP of the file at `localPath` (cropped to cover), or null when it
 * is not a kind that has one or sharp cannot read it (logged: an id, never the file's name).
 */
export async function makeThumbnail(
  localPath: string,
  contentType: AttachmentContentType,
  logId: string,
): Promise<Uint8Array | null> {
  if (!hasThumbnailKind(contentType)) return null;
  try {
    const output = await sharp(localPath, {
      limitInputPixels: LIMITS.limitInputPixels,
      failOn: LIMITS.failOn,
      autoOrient: true, // a phone photo's EXIF rotation, applied: the metadata itself is dropped
      pages: 1, // the first frame of a GIF, the first page of a PDF
    })
      .timeout({ seconds: LIMITS.timeoutSeconds })
      .resize(THUMBNAIL_PX, THUMBNAIL_PX, { fit: "cover" })
      .webp({ quality: 75 })
      .toBuffer();
    return new Uint8Array(output.buffer, output.byteOffset, output.byteLength);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : "unknown";
    console.warn(`No thumbnail for upload ${logId} (${contentType}): sharp could not read it: ${reason}`);
    return null;
  }
}
