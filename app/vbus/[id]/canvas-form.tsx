"use client";
import { ClientForm } from "@/app/_components/client-form";
import { ConflictPanel, UNDECIDED_CLASHES } from "@/app/_components/conflict-merge";
import { FormMessage, SubmitButton, TextAreaField, TextField } from "@/app/_components/fields";
import { SelectField } from "@/app/_components/select-field";
import { useVersionedForm } from "@/app/_components/use-versioned-form";
import type { CanvasSnapshot } from "@/lib/canvas/conflicts";
import type { CanvasValues } from "@/lib/canvas/read";
import {
  CANVAS_FIELD_HINTS,
  CANVAS_FIELD_LABELS,
  CANVAS_FIELDS,
  type CanvasFieldName,
  NOT_WRITTEN_YET,
  saveCanvasSchema,
} from "@/lib/canvas/schemas";
import { LANES, laneLabel } from "@/lib/canvas/vocabulary";
import { formatMoment } from "@/lib/dates";
import type { z } from "@/lib/zod";
import { saveCanvasAction } from "./actions";
import { ReadOnlyField } from "./canvas-field-view";

type FormValues = z.input<typeof saveCanvasSchema>;

/** One line each; the other text fields get a text area. */
const SHORT = new Set<CanvasFieldName>(["productName", "primaryFocus"]);

function toFormValues(vbuId: string, version: number, values: CanvasValues, withNotes: boolean): FormValues {
  const { portfolioNotes, lifecycleLane, ...text } = values;
  const strings = Object.fromEntries(Object.entries(text).map(([key, value]) => [key, value ?? ""])) as Record<
    Exclude<CanvasFieldName, "portfolioNotes" | "lifecycleLane">,
    string
  >;
  return { ...strings, lifecycleLane, vbuId, version, ...(withNotes ? { portfolioNotes: portfolioNotes ?? "" } : {}) };
}

const textOf = (values: Partial<FormValues> | undefined, field: CanvasFieldName) => String(values?.[field] ?? "");

/** A value as the person reads it: a lane by its name, an empty field as not written. */
function Shown({ field, value }: { field: CanvasFieldName; value: string }) {
  if (field === "lifecycleLane" && value) return <>{laneLabel(value as CanvasValues["lifecycleLane"])}</>;
  return value ? <>{value}</> : <span className="text-slate-500 italic">{NOT_WRITTEN_YET}</span>;
}

export function CanvasForm({
  vbuId,
  version,
  values,
  canEditPortfolioNotes,
  userId,
}: {
  vbuId: string;
  version: number;
  values: CanvasValues;
  canEditPortfolioNotes: boolean;
  /** Who is editing: a conflict with their own save (another window) is told as such. */
  userId: string;
}) {
  const fields = CANVAS_FIELDS.filter((f) => canEditPortfolioNotes || f !== "portfolioNotes");

  const { form, state, pending, onSubmit, conflict, byMe, picks, undecided, choose, messageRef, conflictHeadingRef } =
    useVersionedForm(saveCanvasSchema, saveCanvasAction, toFormValues(vbuId, version, values, canEditPortfolioNotes), {
      fields,
      theirs: (saved: CanvasSnapshot) => toFormValues(vbuId, saved.version, saved.values, canEditPortfolioNotes),
      userId,
    });
  const { errors, isDirty, defaultValues } = form.formState;
  const label = (f: CanvasFieldName) => CANVAS_FIELD_LABELS[f];
  const common = (f: CanvasFieldName) => ({
    id: f,
    label: label(f),
    hint: CANVAS_FIELD_HINTS[f],
    registration: form.register(f),
    defaultValue: textOf(defaultValues, f),
    error: errors[f],
  });
  return (
    <ClientForm onSubmit={onSubmit} noValidate aria-label="Canvas" className="space-y-5">
      <FormMessage state={state} ref={messageRef} />
      {conflict && (
        <ConflictPanel
          heading={
            byMe
              ? `You saved this in another window at ${formatMoment(conflict.saved.savedAt)}.`
              : `${conflict.saved.savedByName ?? "Someone"} saved this canvas at ${formatMoment(conflict.saved.savedAt)}.`
          }
          headingRef={conflictHeadingRef}
          conflict={conflict}
          byMe={byMe}
          label={label}
          shown={(field, value) => <Shown field={field} value={value} />}
          picks={picks}
          choose={choose}
        />
      )}
      <div className="grid gap-4 md:grid-cols-2">
        {CANVAS_FIELDS.map((f) => {
          if (f === "lifecycleLane") {
            return (
              <SelectField
                key={f}
                {...common(f)}
                options={LANES.map((l) => ({ value: l.lane, label: `${l.label}: ${l.blurb}` }))}
              />
            );
          }
          if (f === "portfolioNotes" && !canEditPortfolioNotes) {
            return (
              <dl key={f}>
                <ReadOnlyField field={f} value={conflict?.saved.values.portfolioNotes ?? values.portfolioNotes} />
              </dl>
            );
          }
          return SHORT.has(f) ? <TextField key={f} {...common(f)} /> : <TextAreaField key={f} {...common(f)} />;
        })}
      </div>
      <div className="flex items-center gap-3">
        <SubmitButton pending={pending} disabledBecause={undecided > 0 ? UNDECIDED_CLASHES : undefined}>
          {pending ? "Saving…" : "Save canvas"}
        </SubmitButton>
        {isDirty && <span className="text-sm text-amber-800">Unsaved changes</span>}
      </div>
    </ClientForm>
  );
}
