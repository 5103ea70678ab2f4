import type { AttachmentView } from "@/lib/attachments/attachments";
import { THUMBNAIL_DISPLAY_PX } from "@/lib/attachments/vocabulary";
import { TOUCH_TARGET } from "@/app/_components/touch";
import { formatDay } from "@/lib/dates";

// An evidence file as anyone sees it: thumbnail (or type), name to download, label, size,
// uploader and date. No client code: readers' pages render it on the server only.

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function EvidenceFileSummary({ file }: { file: AttachmentView }) {
  const href = `/api/attachments/${file.id}`;
  return (
    <>
      {file.hasThumbnail ? (
        // The stored thumbnail, a few KB, never the whole file; lazy, so files far down the
        // canvas cost nothing until scrolled to.
        // eslint-disable-next-line @next/next/no-img-element -- a private, per-user file: no image optimisation
        <img
          src={`${href}/thumbnail`}
          alt={`Thumbnail of ${file.filename}`}
          width={THUMBNAIL_DISPLAY_PX}
          height={THUMBNAIL_DISPLAY_PX}
          loading="lazy"
          decoding="async"
          className="h-12 w-12 rounded object-cover"
        />
      ) : (
        // No thumbnail (not an image, unreadable, a PDF this server cannot render, or uploaded
        // before thumbnails existed): its type.
        <span
          aria-hidden
          className="flex h-12 w-12 items-center justify-center rounded bg-slate-100 text-xs font-semibold text-slate-600"
        >
          {file.filename.split(".").at(-1)?.toUpperCase()}
        </span>
      )}
      <div className="min-w-0 flex-1">
        <a
          href={href}
          download={file.filename}
          className={`font-medium break-all text-blue-800 underline ${TOUCH_TARGET}`}
        >
          {file.filename}
        </a>
        {file.label && <p className="text-slate-800">{file.label}</p>}
        <p className="text-xs text-slate-600">
          {formatBytes(file.sizeBytes)} · {file.uploaderName} ·{" "}
          <time dateTime={file.createdAt}>{formatDay(file.createdAt)}</time>
        </p>
      </div>
    </>
  );
}

/** The evidence files of a proof point, for readers. */
export function ReadOnlyEvidence({ attachments }: { attachments: AttachmentView[] }) {
  if (attachments.length === 0) return null;
  return (
    <ul className="mt-2 space-y-2" aria-label="Evidence files">
      {attachments.map((file) => (
        <li
          key={file.id}
          className="flex flex-wrap items-start gap-3 rounded border border-slate-200 bg-white p-2 text-sm"
        >
          <EvidenceFileSummary file={file} />
        </li>
      ))}
    </ul>
  );
}
