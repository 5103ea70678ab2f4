"use client";
import { useState } from "react";

// A versioned form that lost to another save keeps the person's input (the canvas form, the
// review draft editor): the other save becomes the form's base, at its version; fields only it
// changed are taken, fields only this person changed stay, and where both changed to different
// values, the person keeps theirs or takes the other before saving again.

export interface Clash<F extends string> {
  field: F;
  mine: string;
  theirs: string;
}

export interface MetConflict<F extends string, Saved> {
  saved: Saved;
  /** Fields only the other save changed: taken into the form as saved. */
  taken: F[];
  /** Fields both changed, to different values. */
  clashes: Clash<F>[];
}

/** The part of react-hook-form's form this needs, over string-valued fields. */
interface MergeableForm<F extends string> {
  formState: { defaultValues?: Readonly<Partial<Record<F, unknown>>> };
  getValues(): Partial<Record<F, unknown>>;
  reset(values: never): void;
  setValue(field: F, value: never, options: { shouldDirty: boolean }): void;
}

/** A field's value as the form holds it: every merged field is text (or a choice's value). */
const text = (values: Partial<Record<string, unknown>> | undefined, field: string) => {
  const value = values?.[field];
  return typeof value === "string" ? value : "";
};

/** Puts the other save (`theirs`, as form values) under this form's edits; says what met what. */
export function mergeConflict<F extends string, Saved>(
  fields: readonly F[],
  form: MergeableForm<F>,
  saved: Saved,
  theirs: Partial<Record<F, unknown>>,
): MetConflict<F, Saved> {
  const base = form.formState.defaultValues;
  const mine = form.getValues();
  const taken: F[] = [];
  const clashes: Clash<F>[] = [];
  for (const f of fields) {
    const [b, m, t] = [text(base, f), text(mine, f), text(theirs, f)];
    if (t === b) continue;
    if (m === b) taken.push(f);
    else if (m !== t) clashes.push({ field: f, mine: m, theirs: t });
  }
  form.reset(theirs as never);
  for (const f of fields) {
    if (text(mine, f) !== text(base, f)) form.setValue(f, (mine[f] ?? "") as never, { shouldDirty: true });
  }
  return { saved, taken, clashes };
}

type Choice = "mine" | "theirs";

/** The person's Keep mine / Take theirs choices, for the conflict they were made for. */
export function useClashChoices<F extends string>(
  conflict: MetConflict<F, unknown> | null,
  setField: (field: F, value: string) => void,
) {
  const [chosen, setChosen] = useState<{ for: unknown; picks: Partial<Record<F, Choice>> }>({ for: null, picks: {} });
  const picks: Partial<Record<F, Choice>> = chosen.for === conflict ? chosen.picks : {};
  const undecided = conflict ? conflict.clashes.filter((c) => !picks[c.field]).length : 0;
  function choose(field: F, choice: Choice, value: string) {
    setField(field, value);
    setChosen({ for: conflict, picks: { ...picks, [field]: choice } });
  }
  return { picks, undecided, choose };
}

export const UNDECIDED_CLASHES = "Choose Keep mine or Take theirs for each field you both changed first.";

/** What the form shows of a conflict: who saved, what was taken, and each clash to decide. */
export function ConflictPanel<F extends string>({
  heading,
  headingRef,
  conflict,
  byMe,
  label,
  shown,
  picks,
  choose,
}: {
  heading: string;
  headingRef: React.Ref<HTMLHeadingElement>;
  conflict: MetConflict<F, unknown>;
  byMe: boolean;
  label: (field: F) => string;
  /** A saved value (taken, or one side of a clash) as the person reads it. */
  shown: (field: F, value: string) => React.ReactNode;
  picks: Partial<Record<F, Choice>>;
  choose: (field: F, choice: Choice, value: string) => void;
}) {
  const savedValue = (f: F) => {
    const values = (conflict.saved as { values?: Partial<Record<F, unknown>> }).values;
    return text(values, f);
  };
  return (
    <section
      aria-label="Changes saved meanwhile"
      className="space-y-3 rounded-md border border-amber-300 bg-amber-50 p-4 text-sm"
    >
      <h3 ref={headingRef} tabIndex={-1} className="font-medium">
        {heading}
      </h3>
      {conflict.taken.length > 0 && (
        <div>
          <p>Taken from that save, as you had not changed them here:</p>
          <ul aria-label="Taken from the other save" className="mt-1 list-inside list-disc space-y-1">
            {conflict.taken.map((f) => (
              <li key={f}>
                <span className="font-medium">{label(f)}</span>: {shown(f, savedValue(f))}
              </li>
            ))}
          </ul>
        </div>
      )}
      {conflict.clashes.length > 0 && (
        <div>
          <p>
            You both changed {conflict.clashes.length === 1 ? "this field" : "these fields"}: keep yours or take theirs,
            then save.
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
                    <dd className="whitespace-pre-line">{shown(field, mine)}</dd>
                  </div>
                  <div>
                    <dt className="text-xs text-slate-600">{byMe ? "From the other window" : "Theirs"}</dt>
                    <dd className="whitespace-pre-line">{shown(field, theirs)}</dd>
                  </div>
                </dl>
                <div className="mt-2 flex gap-2">
                  {(
                    [
                      ["mine", "Keep mine", mine],
                      ["theirs", "Take theirs", theirs],
                    ] as const
                  ).map(([choice, words, value]) => (
                    <button
                      key={choice}
                      type="button"
                      aria-pressed={picks[field] === choice}
                      aria-describedby={`clash-${field}`}
                      onClick={() => choose(field, choice, value)}
                      className="rounded-md border border-amber-400 bg-white px-3 py-1 font-medium hover:bg-amber-100 aria-pressed:border-blue-700 aria-pressed:bg-blue-50"
                    >
                      {words}
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
  );
}
