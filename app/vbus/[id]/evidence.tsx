"use client";
import { useCallback, useEffect, useState } from "react";
import { ActionButton } from "@/app/_components/action-button";
import { ClientButton } from "@/app/_components/client-button";
import { ClientForm } from "@/app/_components/client-form";
import { FormMessage, SaveOrCancel, TextField } from "@/app/_components/fields";
import { useActionForm } from "@/app/_components/use-action-form";
import type { AttachmentView, EvidenceParent } from "@/lib/attachments/attachments";
import { relabelAttachmentSchema } from "@/lib/attachments/schemas";
import { deleteAttachmentAction, relabelAttachmentAction } from "./actions";
import { EvidenceFileSummary } from "./evidence-file";
import { AddEvidence } from "./evidence-upload";
import { useFocusReturn } from "@/app/_components/use-focus-return";
import { closeOnEscape } from "@/app/_components/close-on-escape";
import { TOUCH_TARGET } from "@/app/_components/touch";
import { useAnnounce } from "./canvas-announcer";

/**
 * The evidence files of a proof point for its editors: download, upload, relabel and delete
 * (readers get ./evidence-file.tsx's server-rendered list).
 */
export function Evidence({
  proofPointId,
  proofPointDescription,
  attachments,
}: {
  proofPointId: string;
  proofPointDescription: string;
  attachments: AttachmentView[];
}) {
  return (
    <EditableEvidence
      parent={{ proofPointId }}
      openerLabel={`Add evidence to proof point: ${proofPointDescription}`}
      attachments={attachments}
    />
  );
}

/**
 * The evidence files of a proof point or a review's draft for its editors: download, upload,
 * relabel and delete. Messages go to the nearest CanvasAnnouncer.
 */
export function EditableEvidence({
  parent,
  openerLabel,
  attachments,
}: {
  parent: EvidenceParent;
  /** The accessible name of the "Add evidence" button. */
  openerLabel: string;
  attachments: AttachmentView[];
}) {
  return (
    <div className="mt-2 space-y-2">
      {attachments.length > 0 && (
        <ul className="space-y-2" aria-label="Evidence files">
          {attachments.map((file) => (
            <EvidenceFile key={file.id} file={file} />
          ))}
        </ul>
      )}
      <AddEvidence parent={parent} openerLabel={openerLabel} />
    </div>
  );
}

function EvidenceFile({ file }: { file: AttachmentView }) {
  const announce = useAnnounce();
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState("");
  const editButton = useFocusReturn<HTMLButtonElement>(editing);
  const stopEditing = useCallback((message?: string) => {
    setEditing(false);
    setSaved(message ?? "");
  }, []);
  return (
    <li className="flex flex-wrap items-start gap-3 rounded border border-slate-200 bg-white p-2 text-sm">
      <EvidenceFileSummary file={file} />
      {editing ? (
        <EditLabelForm file={file} onDone={stopEditing} />
      ) : (
        <div className="flex flex-wrap items-center gap-2">
          <ClientButton
            ref={editButton}
            onClick={() => setEditing(true)}
            // The name starts with the words on the button, so "click Edit label" finds it (WCAG 2.5.3).
            aria-label={`Edit label of ${file.filename}`}
            className={`rounded-md border border-slate-300 px-2 py-1 text-sm hover:bg-slate-50 ${TOUCH_TARGET}`}
          >
            Edit label
          </ClientButton>
          <ActionButton
            action={deleteAttachmentAction}
            fields={{ attachmentId: file.id }}
            label="Delete"
            ariaLabel={`Delete ${file.filename}`}
            tone="danger"
            confirm={`Delete ${file.filename}?`}
            onSuccess={() => announce(`${file.filename} deleted.`, { focus: true })}
          />
        </div>
      )}
      <span role="status" className="text-sm text-green-800">
        {saved}
      </span>
    </li>
  );
}

/** Opened by "Edit label": a form on every evidence file would weigh down the editor's page. */
function EditLabelForm({ file, onDone }: { file: AttachmentView; onDone: (message?: string) => void }) {
  const { form, state, pending, onSubmit } = useActionForm(relabelAttachmentSchema, relabelAttachmentAction, {
    attachmentId: file.id,
    label: file.label ?? "",
  });
  useEffect(() => form.setFocus("label"), [form]);
  useEffect(() => {
    if (state.status === "success") onDone(state.message);
  }, [state, onDone]);
  return (
    <ClientForm
      onSubmit={onSubmit}
      noValidate
      aria-label={`Edit label of ${file.filename}`}
      onKeyDown={closeOnEscape(() => onDone())}
      className="flex flex-wrap items-end gap-2"
    >
      <FormMessage state={state} />
      <TextField
        id={`label-${file.id}`}
        label={`Label of ${file.filename}`}
        hint="Optional. Leave it empty to show the file name alone."
        registration={form.register("label")}
        error={form.formState.errors.label}
      />
      <SaveOrCancel pending={pending} label="Save label" pendingLabel="Saving…" onCancel={() => onDone()} />
    </ClientForm>
  );
}
