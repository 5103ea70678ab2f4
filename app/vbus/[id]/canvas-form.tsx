"use client";
import { ClientForm } from "@/app/_components/client-form";
import { useEffect } from "react";
import { FormMessage, SubmitButton, TextAreaField, TextField } from "@/app/_components/fields";
import { SelectField } from "@/app/_components/select-field";
import { useActionForm, useConflict } from "@/app/_components/use-action-form";
import { useUnsavedChangesWarning } from "@/app/_components/use-unsaved-changes";
import { CANVAS_FIELD_LABELS, type CanvasFieldName, saveCanvasSchema } from "@/lib/canvas/schemas";
import type { CanvasValues } from "@/lib/canvas/read";
import { formatMoment } from "@/lib/dates";
import { LANES } from "@/lib/canvas/vocabulary";
import type { z } from "@/lib/zod";
import { saveCanvasAction } from "./actions";

type FormValues = z.input<typeof saveCanvasSchema>;

const SHORT: CanvasFieldName[] = ["productName", "primaryFocus"];
const LONG: CanvasFieldName[] = [
  "successDescription",
  "futureStateIntent",
  "resistDoing",
  "goodDiscipline",
  "primaryConstraint",
];

function toFormValues(vbuId: string, version: number, values: CanvasValues, withNotes: boolean): FormValues {
  const { portfolioNotes, lifecycleLane, ...text } = values;
  const strings = Object.fromEntries(Object.entries(text).map(([key, value]) => [key, value ?? ""])) as Record<
    Exclude<CanvasFieldName, "portfolioNotes" | "lifecycleLane">,
    string
  >;
  return { ...strings, lifecycleLane, vbuId, version, ...(withNotes ? { portfolioNotes: portfolioNotes ?? "" } : {}) };
}

export function CanvasForm({
  vbuId,
  version,
  values,
  canEditPortfolioNotes,
}: {
  vbuId: string;
  version: number;
  values: CanvasValues;
  canEditPortfolioNotes: boolean;
}) {
  const { form, state, pending, onSubmit } = useActionForm(
    saveCanvasSchema,
    saveCanvasAction,
    toFormValues(vbuId, version, values, canEditPortfolioNotes),
  );
  const [conflict, dismissConflict] = useConflict(state);
  const { errors, isDirty, defaultValues } = form.formState;
  useUnsavedChangesWarning(isDirty);

  useEffect(() => {
    // Saved: what was typed is the new base, at the new version.
    if (state.status === "success" && state.version) form.reset({ ...form.getValues(), version: state.version });
  }, [state, form]);

  const fields = (Object.keys(CANVAS_FIELD_LABELS) as CanvasFieldName[]).filter(
    (f) => canEditPortfolioNotes || f !== "portfolioNotes",
  );
  // What the other person changed: saved now vs what this form started from.
  const theirChanges = conflict ? fields.filter((f) => (conflict.values[f] ?? "") !== (defaultValues?.[f] ?? "")) : [];

  /** Rebase: their saved values become the form's base; the person's own edits stay on top. */
  function applyMineOnTheirs() {
    if (!conflict) return;
    const mine = form.getValues();
    const dirty = form.formState.dirtyFields as Partial<Record<CanvasFieldName, boolean>>;
    form.reset(toFormValues(vbuId, conflict.version, conflict.values, canEditPortfolioNotes));
    for (const f of fields) {
      if (dirty[f]) form.setValue(f, mine[f] ?? "", { shouldDirty: true });
    }
    dismissConflict();
  }

  const label = (f: CanvasFieldName) => CANVAS_FIELD_LABELS[f];
  return (
    <ClientForm onSubmit={onSubmit} noValidate aria-label="Canvas" className="space-y-5">
      <FormMessage state={state} />
      {conflict && (
        <div
          role="region"
          aria-label="Changes by someone else"
          className="rounded-md border border-amber-300 bg-amber-50 p-4 text-sm"
        >
          <p className="font-medium">
            {conflict.savedByName ?? "Someone"} saved this canvas at {formatMoment(conflict.savedAt)}.
            {theirChanges.length === 0 ? " None of the fields you see changed." : " They changed:"}
          </p>
          {theirChanges.length > 0 && (
            <ul className="mt-2 list-inside list-disc space-y-1">
              {theirChanges.map((f) => (
                <li key={f}>
                  <span className="font-medium">{label(f)}</span>: now “{conflict.values[f] ?? ""}”
                </li>
              ))}
            </ul>
          )}
          <button
            type="button"
            onClick={applyMineOnTheirs}
            className="mt-3 rounded-md border border-amber-400 bg-white px-3 py-1 font-medium hover:bg-amber-100"
          >
            Keep my changes on top of theirs
          </button>
          <p className="mt-1 text-xs text-slate-700">Then review and save again.</p>
        </div>
      )}
      <div className="grid gap-4 md:grid-cols-2">
        {SHORT.map((f) => (
          <TextField key={f} id={f} label={label(f)} registration={form.register(f)} error={errors[f]} />
        ))}
        <SelectField
          id="lifecycleLane"
          label={label("lifecycleLane")}
          options={LANES.map((l) => ({ value: l.lane, label: `${l.label}: ${l.blurb}` }))}
          registration={form.register("lifecycleLane")}
          error={errors.lifecycleLane}
        />
      </div>
      <div className="grid gap-4 md:grid-cols-2">
        {LONG.map((f) => (
          <TextAreaField key={f} id={f} label={label(f)} registration={form.register(f)} error={errors[f]} />
        ))}
        {canEditPortfolioNotes && (
          <TextAreaField
            id="portfolioNotes"
            label={label("portfolioNotes")}
            hint="Written by portfolio managers."
            registration={form.register("portfolioNotes")}
            error={errors.portfolioNotes}
          />
        )}
      </div>
      <div className="flex items-center gap-3">
        <SubmitButton pending={pending}>{pending ? "Saving…" : "Save canvas"}</SubmitButton>
        {isDirty && <span className="text-sm text-amber-800">Unsaved changes</span>}
      </div>
    </ClientForm>
  );
}
