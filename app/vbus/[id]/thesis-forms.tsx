"use client";
import { ClientForm } from "@/app/_components/client-form";
import { closeOnEscape } from "@/app/_components/close-on-escape";
import { useEffect, useRef } from "react";
import { FormMessage, SaveOrCancel, SubmitButton, TextAreaField } from "@/app/_components/fields";
import { useActionForm, useConflict } from "@/app/_components/use-action-form";
import { useUnsavedChangesWarning } from "@/app/_components/use-unsaved-changes";
import { addThesisSchema, editThesisSchema } from "@/lib/canvas/schemas";
import { MAX_THESES } from "@/lib/canvas/vocabulary";
import { addThesisAction, editThesisAction } from "./actions";
import { failureOf, useAnnounceSuccess } from "./canvas-announcer";
import { TheirVersion } from "./their-version";

export function AddThesisForm({ vbuId, count }: { vbuId: string; count: number }) {
  const { form, state, pending, onSubmit } = useActionForm(
    addThesisSchema,
    addThesisAction,
    { vbuId, text: "" },
    { resetOnSuccess: true },
  );
  useUnsavedChangesWarning(form.formState.isDirty);
  useAnnounceSuccess(state);
  // The fifth thesis replaces the form (and its button, which had the keyboard) with this note:
  // the keyboard goes to the note rather than to the page.
  const full = count >= MAX_THESES;
  const note = useRef<HTMLParagraphElement>(null);
  const wasFull = useRef(full);
  useEffect(() => {
    const lost = document.activeElement === null || document.activeElement === document.body;
    if (full && !wasFull.current && lost) note.current?.focus();
    wasFull.current = full;
  }, [full]);
  if (full) {
    return (
      <p
        ref={note}
        tabIndex={-1}
        className="rounded-md border border-slate-200 bg-slate-50 px-3 py-2 text-sm text-slate-700"
      >
        This canvas has {MAX_THESES} theses, the most it can hold. Delete one to add another.
      </p>
    );
  }
  return (
    <ClientForm onSubmit={onSubmit} noValidate aria-label="Add a thesis" className="space-y-3">
      <FormMessage state={failureOf(state)} />
      <TextAreaField
        id="new-thesis"
        label={`New thesis (${count + 1} of at most ${MAX_THESES})`}
        rows={2}
        registration={form.register("text")}
        error={form.formState.errors.text}
      />
      <SubmitButton pending={pending}>{pending ? "Adding…" : "Add thesis"}</SubmitButton>
    </ClientForm>
  );
}

export function EditThesisForm({
  vbuId,
  thesisId,
  order,
  text,
  fingerprint,
  onDone,
}: {
  vbuId: string;
  thesisId: string;
  order: number;
  text: string;
  fingerprint: string;
  onDone: () => void;
}) {
  const { form, state, pending, onSubmit } = useActionForm(editThesisSchema, editThesisAction, {
    vbuId,
    thesisId,
    text,
    previous: fingerprint,
  });
  const [theirs, dismissTheirs] = useConflict(state);
  useUnsavedChangesWarning(form.formState.isDirty);
  useAnnounceSuccess(state);
  // Opened by "Edit": the keyboard goes to the text it is there to change.
  useEffect(() => form.setFocus("text"), [form]);
  useEffect(() => {
    if (state.status === "success") onDone();
  }, [state, onDone]);
  return (
    <ClientForm
      onSubmit={onSubmit}
      onKeyDown={closeOnEscape(onDone)}
      noValidate
      aria-label={`Edit thesis ${order}`}
      className="space-y-3"
    >
      <FormMessage state={state} />
      {theirs && (
        <TheirVersion
          onReplace={() => {
            form.setValue("previous", theirs.fingerprint);
            dismissTheirs();
          }}
        >
          {theirs.text}
        </TheirVersion>
      )}
      <TextAreaField
        id={`thesis-${thesisId}-text`}
        label={`Thesis ${order}`}
        rows={2}
        registration={form.register("text")}
        error={form.formState.errors.text}
      />
      <SaveOrCancel pending={pending} label="Save thesis" pendingLabel="Saving…" onCancel={onDone} />
    </ClientForm>
  );
}
