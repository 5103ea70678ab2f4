"use client";
import { useEffect, useRef, useState } from "react";
import { ClientForm } from "@/app/_components/client-form";
import { FormMessage, SubmitButton, TextAreaField, TextField } from "@/app/_components/fields";
import { SelectField } from "@/app/_components/select-field";
import { useActionForm, useConflict } from "@/app/_components/use-action-form";
import { useUnsavedChangesWarning } from "@/app/_components/use-unsaved-changes";
import type { UseFormReturn } from "react-hook-form";
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
type FormOutput = z.output<typeof saveCanvasSchema>;
type Choice = "mine" | "theirs";

/** One line each; the other text fields get a text area. */
const SHORT = new Set<CanvasFieldName>(["productName", "primaryFocus"]);

/** A save that lost to another one: what is saved now, and how it meets what this form holds. */
interface MetConflict {
  saved: CanvasSnapshot;
  /** Fields only the other save changed: taken into the form as saved. */
  taken: CanvasFieldName[];
  /** Fields both changed, to different values: the person keeps theirs or takes the other. */
  clashes: { field: CanvasFieldName; mine: string; theirs: string }[];
}

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

  /**
   * A conflict puts the other save under this form's edits before the person chooses: it
   * becomes the base, at its version; fields only it changed are taken, fields only this person
   * changed stay, and where both changed, this person's value stays until they choose.
   */
  function meetConflict(saved: CanvasSnapshot, form: UseFormReturn<FormValues, unknown, FormOutput>): MetConflict {
    const base = form.formState.defaultValues;
    const mine = form.getValues();
    const theirs = toFormValues(vbuId, saved.version, saved.values, canEditPortfolioNotes);
    const taken: CanvasFieldName[] = [];
    const clashes: MetConflict["clashes"] = [];
    for (const f of fields) {
      const [b, m, t] = [textOf(base, f), textOf(mine, f), textOf(theirs, f)];
      if (t === b) continue;
      if (m === b) taken.push(f);
      else if (m !== t) clashes.push({ field: f, mine: m, theirs: t });
    }
    form.reset(theirs);
    for (const f of fields) {
      if (textOf(mine, f) !== textOf(base, f)) form.setValue(f, mine[f] ?? "", { shouldDirty: true });
    }
    return { saved, taken, clashes };
  }

  const { form, state, pending, onSubmit } = useActionForm(
    saveCanvasSchema,
    saveCanvasAction,
    toFormValues(vbuId, version, values, canEditPortfolioNotes),
    { meetConflict },
  );
  const [conflict] = useConflict(state);
  const { errors, isDirty, defaultValues } = form.formState;
  useUnsavedChangesWarning(isDirty);

  const messageRef = useRef<HTMLParagraphElement>(null);
  const conflictHeadingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    // Saved: what was typed is the new base, at the new version.
    if (state.status === "success" && state.version) form.reset({ ...form.getValues(), version: state.version });
    // The keyboard goes to the answer, not to the page's body (the pressed button was disabled).
    if (state.status === "success" || state.status === "error") messageRef.current?.focus();
  }, [state, form]);
  useEffect(() => {
    if (conflict) conflictHeadingRef.current?.focus();
  }, [conflict]);

  // The person's choices, for the conflict they were made for.
  const [chosen, setChosen] = useState<{ for: MetConflict | null; picks: Partial<Record<CanvasFieldName, Choice>> }>({
    for: null,
    picks: {},
  });
  const picks = chosen.for === conflict ? chosen.picks : {};
  const undecided = conflict ? conflict.clashes.filter((c) => !picks[c.field]).length : 0;
  function choose(field: CanvasFieldName, choice: Choice, value: string) {
    form.setValue(field, value, { shouldDirty: true });
    setChosen({ for: conflict, picks: { ...picks, [field]: choice } });
  }

  const byMe = conflict?.saved.savedById === userId;
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
        <section
          aria-label="Changes saved meanwhile"
          className="space-y-3 rounded-md border border-amber-300 bg-amber-50 p-4 text-sm"
        >
          <h3 ref={conflictHeadingRef} tabIndex={-1} className="font-medium">
            {byMe
              ? `You saved this in another window at ${formatMoment(conflict.saved.savedAt)}.`
              : `${conflict.saved.savedByName ?? "Someone"} saved this canvas at ${formatMoment(conflict.saved.savedAt)}.`}
          </h3>
          {conflict.taken.length > 0 && (
            <div>
              <p>Taken from that save, as you had not changed them here:</p>
              <ul aria-label="Taken from the other save" className="mt-1 list-inside list-disc space-y-1">
                {conflict.taken.map((f) => (
                  <li key={f}>
                    <span className="font-medium">{label(f)}</span>:{" "}
                    <Shown field={f} value={textOf(conflict.saved.values as Partial<FormValues>, f)} />
                  </li>
                ))}
              </ul>
            </div>
          )}
          {conflict.clashes.length > 0 && (
            <div>
              <p>
                You both changed {conflict.clashes.length === 1 ? "this field" : "these fields"}: keep yours or take
                theirs, then save.
              </p>
              <ul aria-label="Changed by both" className="mt-2 space-y-3">
                {conflict.clashes.map(({ field, mine, theirs }) => (
                  <li key={field} className="rounded-md border border-amber-200 bg-white p-3">
                    <p id={`clash-${field}`} className="font-medium">
                      {label(field)}
                    </p>
                    <dl className="mt-1 grid gap-3 md:grid-cols-2">
                      <div>
                        <dt className="text-xs text-slate-600">Yours</dt>
                        <dd className="whitespace-pre-line">
                          <Shown field={field} value={mine} />
                        </dd>
                      </div>
                      <div>
                        <dt className="text-xs text-slate-600">{byMe ? "From the other window" : "Theirs"}</dt>
                        <dd className="whitespace-pre-line">
                          <Shown field={field} value={theirs} />
                        </dd>
                      </div>
                    </dl>
                    <div className="mt-2 flex gap-2">
                      {(
                        [
                          ["mine", "Keep mine", mine],
                          ["theirs", "Take theirs", theirs],
                        ] as const
                      ).map(([choice, text, value]) => (
                        <button
                          key={choice}
                          type="button"
                          aria-pressed={picks[field] === choice}
                          aria-describedby={`clash-${field}`}
                          onClick={() => choose(field, choice, value)}
                          className="rounded-md border border-amber-400 bg-white px-3 py-1 font-medium hover:bg-amber-100 aria-pressed:border-blue-700 aria-pressed:bg-blue-50"
                        >
                          {text}
                        </button>
                      ))}
                    </div>
                  </li>
                ))}
              </ul>
            </div>
          )}
          <p className="text-slate-700">
            {conflict.taken.length + conflict.clashes.length === 0
              ? "None of the fields you can change here differ from yours. "
              : ""}
            Everything else you changed stays as you wrote it; saving puts it on top of that save.
          </p>
        </section>
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
        <SubmitButton
          pending={pending}
          disabledBecause={
            undecided > 0 ? "Choose Keep mine or Take theirs for each field you both changed first." : undefined
          }
        >
          {pending ? "Saving…" : "Save canvas"}
        </SubmitButton>
        {isDirty && <span className="text-sm text-amber-800">Unsaved changes</span>}
      </div>
    </ClientForm>
  );
}
