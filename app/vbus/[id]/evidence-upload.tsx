"use client";
import { useRouter } from "next/navigation";
import { useCallback, useRef, useState } from "react";
import { ClientButton } from "@/app/_components/client-button";
import { ClientForm } from "@/app/_components/client-form";
import { evidenceUploadUrl, readUploadAnswer } from "@/lib/attachments/answers";
import type { EvidenceParent } from "@/lib/attachments/attachments";
import { readFilename } from "@/lib/attachments/filename";
import {
  ALLOWED_SUMMARY,
  ATTACHMENT_ACCEPT,
  ATTACHMENT_LABEL_MAX,
  ATTACHMENT_MAX_BYTES,
  ATTACHMENT_MAX_SIZE,
  tooLargeMessage,
} from "@/lib/attachments/vocabulary";
import { useFocusReturn } from "@/app/_components/use-focus-return";
import { closeOnEscape } from "@/app/_components/close-on-escape";
import { TOUCH_TARGET } from "@/app/_components/touch";

/**
 * The upload form opens on demand: a canvas can hold 25 proof points, each with its own. It
 * uploads to a proof point or to a monthly review's draft (`parent`); `openerLabel` names the
 * "Add evidence" button for what it adds to.
 */
export function AddEvidence({ parent, openerLabel }: { parent: EvidenceParent; openerLabel: string }) {
  const [open, setOpen] = useState(false);
  const opener = useFocusReturn<HTMLButtonElement>(open);
  const close = useCallback(() => setOpen(false), []);
  if (open) return <UploadEvidence parent={parent} onClose={close} />;
  return (
    <ClientButton
      ref={opener}
      onClick={() => setOpen(true)}
      aria-label={openerLabel}
      className={`rounded-md border border-slate-300 px-2 py-1 text-sm hover:bg-slate-50 ${TOUCH_TARGET}`}
    >
      Add evidence
    </ClientButton>
  );
}

interface UploadState {
  progress: number | null;
  error: string | null;
  done: string | null;
}

/** Uploads with XMLHttpRequest: fetch cannot report upload progress. */
function UploadEvidence({ parent, onClose }: { parent: EvidenceParent; onClose: () => void }) {
  const router = useRouter();
  const fileInput = useRef<HTMLInputElement>(null);
  const [label, setLabel] = useState("");
  const [state, setState] = useState<UploadState>({ progress: null, error: null, done: null });
  const inputId = `evidence-${"reviewId" in parent ? parent.reviewId : parent.proofPointId}`;

  function upload(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (state.progress !== null) return; // one upload at a time
    const file = fileInput.current?.files?.[0];
    // Quick checks for a fast answer; the server checks everything again.
    if (!file) return setState({ progress: null, error: "Choose a file to upload.", done: null });
    const name = readFilename(file.name);
    if ("problem" in name) return setState({ progress: null, error: name.problem, done: null });
    if (file.size === 0) return setState({ progress: null, error: "The file is empty.", done: null });
    if (file.size > ATTACHMENT_MAX_BYTES) return setState({ progress: null, error: tooLargeMessage(), done: null });
    const request = new XMLHttpRequest();
    request.open("POST", evidenceUploadUrl(parent));
    request.setRequestHeader("Content-Type", "application/octet-stream");
    request.setRequestHeader("X-File-Name", encodeURIComponent(file.name));
    request.setRequestHeader("X-File-Label", encodeURIComponent(label));
    request.upload.onprogress = (e) => {
      if (e.lengthComputable) setState({ progress: Math.round((e.loaded / e.total) * 100), error: null, done: null });
    };
    request.onload = () => {
      const answer = readUploadAnswer(request.responseText);
      if (request.status === 201 && answer?.status === "success") {
        setState({ progress: null, error: null, done: `${answer.attachment.filename} uploaded.` });
        setLabel("");
        if (fileInput.current) fileInput.current.value = "";
        router.refresh();
      } else {
        const failure = answer?.status === "error" ? answer : null;
        const message = failure?.fieldErrors.file?.[0] ?? failure?.fieldErrors.label?.[0] ?? failure?.formError;
        setState({ progress: null, error: message ?? "The upload failed. Try again.", done: null });
      }
    };
    request.onerror = () => setState({ progress: null, error: "The upload was interrupted. Try again.", done: null });
    setState({ progress: 0, error: null, done: null });
    request.send(file);
  }

  const uploading = state.progress !== null;
  return (
    <ClientForm
      onSubmit={upload}
      // Escape closes it as Close does, but not while a file is on its way.
      onKeyDown={closeOnEscape(() => {
        if (!uploading) onClose();
      })}
      aria-label="Upload evidence"
      className="flex flex-wrap items-end gap-2 text-sm"
    >
      <div className="space-y-1">
        <label htmlFor={inputId} className="block font-medium text-slate-800">
          Evidence file
        </label>
        <input
          id={inputId}
          ref={fileInput}
          autoFocus // opened by "Add evidence": the file is what comes next
          type="file"
          accept={ATTACHMENT_ACCEPT}
          aria-describedby={`${inputId}-hint${state.error ? ` ${inputId}-error` : ""}`}
          aria-invalid={state.error ? true : undefined}
          className={`block text-sm ${TOUCH_TARGET}`}
        />
        <p id={`${inputId}-hint`} className="text-xs text-slate-600">
          {`${ALLOWED_SUMMARY}, up to ${ATTACHMENT_MAX_SIZE}.`}
        </p>
      </div>
      <div className="space-y-1">
        <label htmlFor={`${inputId}-label`} className="block font-medium text-slate-800">
          Label (optional)
        </label>
        <input
          id={`${inputId}-label`}
          value={label}
          maxLength={ATTACHMENT_LABEL_MAX}
          onChange={(e) => setLabel(e.target.value)}
          className="rounded border border-slate-300 px-2 py-1"
        />
      </div>
      <button
        type="submit"
        // Not `disabled`: that would drop the keyboard to the page while the file goes up.
        aria-disabled={uploading || undefined}
        className={`rounded-md border border-slate-300 px-3 py-1 font-medium hover:bg-slate-50 aria-disabled:opacity-60 ${TOUCH_TARGET}`}
      >
        {uploading ? "Uploading…" : "Upload"}
      </button>
      <button
        type="button"
        onClick={onClose}
        disabled={uploading}
        className={`rounded-md px-2 py-1 text-slate-700 underline disabled:opacity-60 ${TOUCH_TARGET}`}
      >
        Close
      </button>
      {uploading && (
        <progress max={100} value={state.progress ?? 0} aria-label="Upload progress" className="w-40">
          {state.progress}%
        </progress>
      )}
      {state.error && (
        <p id={`${inputId}-error`} role="alert" className="w-full text-red-700">
          {state.error}
        </p>
      )}
      {state.done && (
        <p role="status" className="w-full text-green-800">
          {state.done}
        </p>
      )}
    </ClientForm>
  );
}
