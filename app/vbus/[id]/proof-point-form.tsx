"use client";
import { ClientForm } from "@/app/_components/client-form";
import { closeOnEscape } from "@/app/_components/close-on-escape";
import { useEffect } from "react";
import type { UseFormReturn } from "react-hook-form";
import { FormMessage, SaveOrCancel, TextAreaField, TextField } from "@/app/_components/fields";
import { SelectField } from "@/app/_components/select-field";
import { useActionForm, useConflict } from "@/app/_components/use-action-form";
import { useUnsavedChangesWarning } from "@/app/_components/use-unsaved-changes";
import type { ProofPointView } from "@/lib/canvas/read";
import { addProofPointSchema, editProofPointSchema } from "@/lib/canvas/schemas";
import { PROOF_POINT_STATUS_LABELS, PROOF_POINT_STATUSES } from "@/lib/canvas/vocabulary";
import { addProofPointAction, editProofPointAction } from "./actions";
import { TheirVersion } from "./their-version";
import { useAnnounceSuccess } from "./canvas-announcer";

const STATUS_OPTIONS = PROOF_POINT_STATUSES.map((value) => ({ value, label: PROOF_POINT_STATUS_LABELS[value] }));

interface SharedFields {
  description: string;
  status: string;
  evidenceNote: string;
  targetReviewMonth: string;
}

// The add and edit forms share these four fields; their types differ only in hidden ids,
// which react-hook-form's invariant types cannot express, hence the casts at the call sites.
function ProofPointFields({ idPrefix, form }: { idPrefix: string; form: UseFormReturn<SharedFields> }) {
  const { errors } = form.formState;
  return (
    <>
      <TextAreaField
        id={`${idPrefix}-description`}
        label="Proof point"
        rows={2}
        registration={form.register("description")}
        error={errors.description}
      />
      <div className="grid gap-3 sm:grid-cols-2">
        <SelectField
          id={`${idPrefix}-status`}
          label="Status"
          options={STATUS_OPTIONS}
          registration={form.register("status")}
          error={errors.status}
        />
        <TextField
          id={`${idPrefix}-month`}
          label="Target review month"
          type="month"
          registration={form.register("targetReviewMonth")}
          error={errors.targetReviewMonth}
        />
      </div>
      <TextAreaField
        id={`${idPrefix}-evidence`}
        label="Evidence note"
        rows={2}
        registration={form.register("evidenceNote")}
        error={errors.evidenceNote}
      />
    </>
  );
}

export function AddProofPointForm({
  vbuId,
  thesisId,
  thesisOrder,
  onDone,
}: {
  vbuId: string;
  thesisId: string;
  thesisOrder: number;
  onDone: () => void;
}) {
  const { form, state, pending, onSubmit } = useActionForm(addProofPointSchema, addProofPointAction, {
    vbuId,
    thesisId,
    description: "",
    status: "not_started",
    evidenceNote: "",
    targetReviewMonth: "",
  });
  useUnsavedChangesWarning(form.formState.isDirty);
  useAnnounceSuccess(state);
  // Opened by a button: the keyboard goes to the first field.
  useEffect(() => form.setFocus("description"), [form]);
  useEffect(() => {
    if (state.status === "success") onDone();
  }, [state, onDone]);
  return (
    <ClientForm
      onSubmit={onSubmit}
      onKeyDown={closeOnEscape(onDone)}
      noValidate
      aria-label={`Add a proof point to thesis ${thesisOrder}`}
      className="space-y-3 rounded-md border border-slate-200 p-3"
    >
      <FormMessage state={state} />
      <ProofPointFields idPrefix={`new-point-${thesisId}`} form={form as unknown as UseFormReturn<SharedFields>} />
      <SaveOrCancel pending={pending} label="Add proof point" pendingLabel="Adding…" onCancel={onDone} />
    </ClientForm>
  );
}

export function EditProofPointForm({
  vbuId,
  point,
  onDone,
}: {
  vbuId: string;
  point: ProofPointView;
  onDone: () => void;
}) {
  const { form, state, pending, onSubmit } = useActionForm(editProofPointSchema, editProofPointAction, {
    vbuId,
    proofPointId: point.id,
    description: point.description,
    status: point.status,
    evidenceNote: point.evidenceNote ?? "",
    targetReviewMonth: point.targetReviewMonth ?? "",
    previous: point.fingerprint,
  });
  const [theirs, dismissTheirs] = useConflict(state);
  useUnsavedChangesWarning(form.formState.isDirty);
  useAnnounceSuccess(state);
  // Opened by a button: the keyboard goes to the first field.
  useEffect(() => form.setFocus("description"), [form]);
  useEffect(() => {
    if (state.status === "success") onDone();
  }, [state, onDone]);
  return (
    <ClientForm
      onSubmit={onSubmit}
      onKeyDown={closeOnEscape(onDone)}
      noValidate
      aria-label="Edit proof point"
      className="space-y-3 rounded-md border border-slate-200 p-3"
    >
      <FormMessage state={state} />
      {theirs && (
        <TheirVersion
          onReplace={() => {
            form.setValue("previous", theirs.fingerprint);
            dismissTheirs();
          }}
        >
          {theirs.description} ({PROOF_POINT_STATUS_LABELS[theirs.status]}
          {theirs.targetReviewMonth ? `, review ${theirs.targetReviewMonth}` : ""})
          {theirs.evidenceNote ? `: ${theirs.evidenceNote}` : ""}
        </TheirVersion>
      )}
      <ProofPointFields idPrefix={`point-${point.id}`} form={form as unknown as UseFormReturn<SharedFields>} />
      <SaveOrCancel pending={pending} label="Save proof point" pendingLabel="Saving…" onCancel={onDone} />
    </ClientForm>
  );
}
