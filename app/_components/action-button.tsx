"use client";
import { useActionState, useId, useState } from "react";
import { type ActionState, IDLE } from "@/lib/action-state";
import { ClientButton } from "./client-button";
import { closeOnEscape } from "./close-on-escape";
import { ActionFeedback } from "./fields";
import { TOUCH_TARGET } from "./touch";
import { useFocusReturn } from "./use-focus-return";

type ServerAction = (previous: ActionState, formData: FormData) => Promise<ActionState>;

/**
 * A one-button form for an action on one record (disable, delete…). With `confirm`, the first
 * press asks "are you sure" in place, saying what will happen; the second one acts (Escape or
 * Cancel keeps it, and the keyboard goes back to the button). The form (and the hidden fields
 * React adds to a server action's form) is rendered only once asking: an editor's canvas has a
 * delete button on every thesis and proof point.
 *
 * With `onSuccess`, the caller says what happened (the record, and this button with it, may
 * be gone once the page refreshes): it is called as the answer arrives, whether or not this
 * button is still there, and this button shows only errors.
 */
export function ActionButton({
  action,
  fields,
  label,
  ariaLabel,
  confirm,
  tone = "neutral",
  onSuccess,
}: {
  action: ServerAction;
  fields: Record<string, string>;
  label: string;
  /** A fuller name for screen readers when the label alone is ambiguous ("Delete" what?). It must start with `label`. */
  ariaLabel?: string;
  confirm?: string;
  tone?: "neutral" | "danger";
  onSuccess?: (state: Extract<ActionState, { status: "success" }>) => void;
}) {
  const [state, dispatch, pending] = useActionState(async (previous: ActionState, formData: FormData) => {
    const answer = await action(previous, formData);
    if (answer.status === "success") onSuccess?.(answer);
    return answer;
  }, IDLE);
  const [asking, setAsking] = useState(false);
  const askButton = useFocusReturn<HTMLButtonElement>(asking);
  const questionId = useId();
  const style =
    tone === "danger"
      ? "border-red-300 text-red-800 hover:bg-red-50"
      : "border-slate-300 text-slate-800 hover:bg-slate-50";
  const buttonClass = `rounded-md border px-2 py-1 text-sm ${style} aria-disabled:opacity-60 ${TOUCH_TARGET}`;

  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      {confirm && !asking ? (
        <ClientButton ref={askButton} aria-label={ariaLabel} onClick={() => setAsking(true)} className={buttonClass}>
          {label}
        </ClientButton>
      ) : (
        <form
          action={dispatch}
          onKeyDown={confirm ? closeOnEscape(() => setAsking(false)) : undefined}
          className="inline-flex flex-wrap items-center gap-2"
        >
          {Object.entries(fields).map(([name, value]) => (
            <input key={name} type="hidden" name={name} value={value} />
          ))}
          {confirm && (
            <span id={questionId} className="text-sm text-slate-800">
              {confirm}
            </span>
          )}
          <button
            type="submit"
            aria-label={confirm ? undefined : ariaLabel}
            // "Yes, delete" is read with the question it answers.
            aria-describedby={confirm ? questionId : undefined}
            // Not `disabled`: that would drop the keyboard to the page. A second press waits.
            aria-disabled={pending || undefined}
            onClick={(event) => {
              if (pending) event.preventDefault();
            }}
            // Asking replaced the button that had focus: keep the keyboard where the choice is.
            autoFocus={Boolean(confirm)}
            className={buttonClass}
          >
            {confirm ? `Yes, ${label.toLowerCase()}` : label}
          </button>
          {confirm && (
            <button
              type="button"
              onClick={() => setAsking(false)}
              className={`rounded-md px-2 py-1 text-sm text-slate-700 underline ${TOUCH_TARGET}`}
            >
              Cancel
            </button>
          )}
        </form>
      )}
      {/* One live region whichever is shown, so switching does not announce an old answer again. */}
      <ActionFeedback state={onSuccess && state.status === "success" ? IDLE : state} />
    </span>
  );
}
