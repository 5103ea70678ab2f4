"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { startTransition, useActionState, useEffect, useState } from "react";
import { type DefaultValues, type FieldValues, type Path, useForm, type UseFormReturn } from "react-hook-form";
import type { z } from "@/lib/zod";
import { type ActionState, IDLE, type ServerAction } from "@/lib/action-state";

/**
 * react-hook-form validated by the same zod schema as the server action. On submit the
 * values go to the action as FormData; field errors the server answers land on the fields.
 * `meetConflict`, when given, turns a conflict the action answers into what the form shows,
 * once, as the answer arrives, with the form as it is then (it may change the form's values).
 */
export function useActionForm<
  Input extends FieldValues,
  Output extends FieldValues,
  Conflict = never,
  Shown = Conflict,
>(
  schema: z.ZodType<Output, Input>,
  action: ServerAction<Conflict>,
  defaultValues: DefaultValues<Input>,
  {
    resetOnSuccess = false,
    meetConflict,
  }: {
    resetOnSuccess?: boolean;
    meetConflict?: (latest: Conflict, form: UseFormReturn<Input, unknown, Output>) => Shown;
  } = {},
) {
  const form = useForm<Input, unknown, Output>({
    resolver: zodResolver(schema),
    defaultValues,
  });
  const [state, dispatch, pending] = useActionState<ActionState<Shown>, FormData>(async (previous, formData) => {
    const answer = await action(previous, formData);
    if (answer.status !== "conflict" || !meetConflict) return answer as ActionState<Shown>;
    return { ...answer, latest: meetConflict(answer.latest, form) };
  }, IDLE);

  useEffect(() => {
    if (state.status === "success" && resetOnSuccess) form.reset();
    if (state.status !== "error") return;
    for (const [field, messages] of Object.entries(state.fieldErrors)) {
      if (messages?.[0]) form.setError(field as Path<Input>, { type: "server", message: messages[0] });
    }
  }, [state, form, resetOnSuccess]);

  const onSubmit = form.handleSubmit(() => {
    // Send what the person typed (the server parses it with the same schema).
    const formData = new FormData();
    for (const [key, value] of Object.entries(form.getValues())) {
      if (value !== undefined && value !== null) formData.set(key, String(value));
    }
    startTransition(() => dispatch(formData));
  });

  return { form, state, pending, onSubmit };
}

/**
 * What is saved now, when the last submit hit a conflict, until the person deals with it.
 * Derived from the action state (no effect): dismissing marks that state as handled.
 */
export function useConflict<Latest>(state: ActionState<Latest>): [Latest | null, () => void] {
  const [handled, setHandled] = useState<ActionState<Latest> | null>(null);
  const latest = state.status === "conflict" && handled !== state ? state.latest : null;
  return [latest, () => setHandled(state)];
}
