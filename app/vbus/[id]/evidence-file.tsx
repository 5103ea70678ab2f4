import type { AttachmentView } from "@/lib/attachments/attachments";
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
      {file.contentType.startsWith("image/") ? (
        // A thumbnail: the download route serves it as an attachment, which <img> ignores.
        // eslint-disable-next-line @next/next/no-img-element -- a private, per-user file: no image optimisation
        <img src={href} alt={`Thumbnail of ${file.filename}`} className="h-12 w-12 rounded object-cover" />
      ) : (
        <span
          aria-hidden
          className="flex h-12 w-12 items-center justify-center rounded bg-slate-100 text-xs font-semibold text-slate-600"
        >
          {file.filename.split(".").at(-1)?.toUpperCase()}
        </span>
      )}
      <div className="min-w-0 flex-1">
        <a href={href} download={file.filename} className="font-medium break-all text-blue-800 underline">
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
