"use client";
import { useState } from "react";
import { ClientForm } from "@/app/_components/client-form";
import { ConflictPanel, UNDECIDED_CLASHES } from "@/app/_components/conflict-merge";
import { FormMessage, SubmitButton, TextAreaField } from "@/app/_components/fields";
import { SelectField } from "@/app/_components/select-field";
import { TOUCH_FIELD } from "@/app/_components/touch";
import { useVersionedForm } from "@/app/_components/use-versioned-form";
import { formatMoment } from "@/lib/dates";
import type { ReviewConflict } from "@/lib/reviews/conflicts";
import { type ReviewNarrative, saveReviewSchema } from "@/lib/reviews/schemas";
import {
  NARRATIVE_FIELD_NAMES,
  NARRATIVE_FIELDS,
  type NarrativeField,
  REVIEW_HEALTH_LABELS,
  REVIEW_HEALTHS,
} from "@/lib/reviews/vocabulary";
import type { z } from "@/lib/zod";
import { saveReviewAction } from "../actions";

type FormValues = z.input<typeof saveReviewSchema>;
type EditableField = NarrativeField | "health";
const FIELDS: readonly EditableField[] = [...NARRATIVE_FIELD_NAMES, "health"];

const label = (f: EditableField) => (f === "health" ? "Health" : NARRATIVE_FIELDS[f].label);
const NOT_CHOSEN = "Not chosen yet";

function toFormValues(reviewId: string, version: number, values: ReviewNarrative): FormValues {
  const { learned, decisions, asks, nextFocus, health } = values;
  return {
    reviewId,
    version,
    intent: "save",
    learned: learned ?? "",
    decisions: decisions ?? "",
    asks: asks ?? "",
    nextFocus: nextFocus ?? "",
    health: health ?? "",
  };
}

function Shown({ field, value }: { field: EditableField; value: string }) {
  if (!value) return <span className="text-slate-500 italic">{field === "health" ? NOT_CHOSEN : "Not written"}</span>;
  return <>{field === "health" ? REVIEW_HEALTH_LABELS[value as keyof typeof REVIEW_HEALTH_LABELS] : value}</>;
}

/**
 * The GM's draft of a monthly review: the narrative and the health call, saved with the version
 * check the canvas has (a conflict keeps the person's input), and published from here: publishing
 * saves what the form holds and freezes the canvas, after a confirmation.
 */
export function ReviewForm({
  reviewId,
  version,
  values,
  userId,
  monthLabel,
}: {
  reviewId: string;
  version: number;
  values: ReviewNarrative;
  userId: string;
  /** "November 2026" */
  monthLabel: string;
}) {
  const { form, state, pending, onSubmit, conflict, byMe, picks, undecided, choose, messageRef, conflictHeadingRef } =
    useVersionedForm(saveReviewSchema, saveReviewAction, toFormValues(reviewId, version, values), {
      fields: FIELDS,
      theirs: (saved: ReviewConflict) => toFormValues(reviewId, saved.version, saved.values),
      userId,
      // Publishing is a press of its own: any answer puts the form back to saving.
      restore: { intent: "save" },
    });
  const { errors, isDirty, defaultValues } = form.formState;
  const [confirming, setConfirming] = useState(false);
  const text = (f: EditableField) => String(defaultValues?.[f] ?? "");

  function submit(intent: "save" | "publish") {
    form.setValue("intent", intent);
    setConfirming(false);
    void onSubmit();
  }

  return (
    <ClientForm
      onSubmit={(event) => {
        event.preventDefault();
        submit("save");
      }}
      noValidate
      aria-label={`Review of ${monthLabel}`}
      className="space-y-5"
    >
      <FormMessage state={state} ref={messageRef} />
      {conflict && (
        <ConflictPanel
          heading={
            byMe
              ? `You saved this review in another window at ${formatMoment(conflict.saved.savedAt)}.`
              : `${conflict.saved.savedByName ?? "Someone"} saved this review at ${formatMoment(conflict.saved.savedAt)}.`
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
      <SelectField
        id="health"
        label="Health"
        hint="Your call on the month: needed to publish."
        options={[
          { value: "", label: NOT_CHOSEN },
          ...REVIEW_HEALTHS.map((h) => ({ value: h, label: REVIEW_HEALTH_LABELS[h] })),
        ]}
        registration={form.register("health")}
        defaultValue={text("health")}
        error={errors.health}
      />
      {NARRATIVE_FIELD_NAMES.map((f) => (
        <TextAreaField
          key={f}
          id={f}
          label={NARRATIVE_FIELDS[f].label}
          hint={NARRATIVE_FIELDS[f].hint}
          rows={4}
          registration={form.register(f)}
          defaultValue={text(f)}
          error={errors[f]}
        />
      ))}
      <div className="flex flex-wrap items-center gap-3">
        <SubmitButton pending={pending} disabledBecause={undecided > 0 ? UNDECIDED_CLASHES : undefined}>
          {pending ? "Saving…" : "Save draft"}
        </SubmitButton>
        {!confirming && (
          <button
            type="button"
            disabled={undecided > 0 || pending}
            onClick={() => setConfirming(true)}
            className={`rounded-md border border-blue-700 px-4 py-2 text-sm font-medium text-blue-800 hover:bg-blue-50 disabled:opacity-60 ${TOUCH_FIELD}`}
          >
            Publish review…
          </button>
        )}
        {isDirty && <span className="text-sm text-amber-800">Unsaved changes</span>}
      </div>
      {confirming && (
        <div
          role="group"
          aria-labelledby="publish-question"
          className="space-y-2 rounded-md border border-blue-200 bg-blue-50 p-4 text-sm"
        >
          <p id="publish-question">
            Publishing saves this review and freezes it, with the canvas as it is now. Nobody can change it afterwards,
            and everyone signed in can read it.
          </p>
          <div className="flex gap-2">
            <button
              type="button"
              onClick={() => submit("publish")}
              className={`rounded-md bg-blue-700 px-4 py-2 font-medium text-white hover:bg-blue-800 ${TOUCH_FIELD}`}
            >
              Publish now
            </button>
            <button
              type="button"
              onClick={() => setConfirming(false)}
              className={`rounded-md px-3 py-2 underline ${TOUCH_FIELD}`}
            >
              Keep editing
            </button>
          </div>
        </div>
      )}
    </ClientForm>
  );
}
