"use client";
import { useEffect, useRef } from "react";
import type { DefaultValues, FieldValues, Path, PathValue } from "react-hook-form";
import type { z } from "@/lib/zod";
import type { ServerAction } from "@/lib/action-state";
import { type MetConflict, mergeConflict, useClashChoices } from "./conflict-merge";
import { useActionForm, useConflict } from "./use-action-form";
import { useUnsavedChangesWarning } from "./use-unsaved-changes";

/** What a versioned record's conflict answer says about the save that won. */
interface WinningSave {
  version: number;
  savedById: string | null;
}

/**
 * A form over a versioned record (the canvas, a review draft): a save carries the version it
 * read; a save that lost to another one keeps the person's input, merged over the other save
 * (conflict-merge.tsx). Saved: what was typed is the new base, at the new version. Either way the
 * keyboard goes to the answer (the pressed button was disabled), or to the conflict's heading.
 * Leaving with unsaved changes asks first.
 */
export function useVersionedForm<
  Input extends FieldValues & { version: unknown },
  Output extends FieldValues,
  F extends string & Path<Input>,
  Saved extends WinningSave,
>(
  schema: z.ZodType<Output, Input>,
  action: ServerAction<Saved>,
  defaultValues: DefaultValues<Input>,
  {
    fields,
    theirs,
    userId,
    restore,
  }: {
    /** The fields a conflict merges. */
    fields: readonly F[];
    /** The winning save as this form's values, at its version. */
    theirs: (saved: Saved) => DefaultValues<Input>;
    /** Who is editing: a conflict with their own save (another window) is told as such. */
    userId: string;
    /** Values every answer puts back (a button's intent). */
    restore?: Partial<Input>;
  },
) {
  const { form, state, pending, onSubmit } = useActionForm(schema, action, defaultValues, {
    meetConflict: (saved: Saved, current) => mergeConflict(fields, current as never, saved, theirs(saved)),
  });
  const [conflict] = useConflict<MetConflict<F, Saved>>(state);
  useUnsavedChangesWarning(form.formState.isDirty);

  const messageRef = useRef<HTMLParagraphElement>(null);
  const conflictHeadingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (state.status === "success" && state.version) {
      form.reset({ ...form.getValues(), version: state.version, ...restore });
    } else if (restore) {
      for (const [key, value] of Object.entries(restore)) {
        form.setValue(key as Path<Input>, value as PathValue<Input, Path<Input>>);
      }
    }
    if (state.status === "success" || state.status === "error") messageRef.current?.focus();
    // `restore` is a literal of the caller's: its values, not its identity, matter.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [state, form]);
  useEffect(() => {
    if (conflict) conflictHeadingRef.current?.focus();
  }, [conflict]);
  const { picks, undecided, choose } = useClashChoices(conflict, (field, value) =>
    form.setValue(field, value as PathValue<Input, F>, { shouldDirty: true }),
  );
  const byMe = conflict?.saved.savedById === userId;
  return { form, state, pending, onSubmit, conflict, byMe, picks, undecided, choose, messageRef, conflictHeadingRef };
}
