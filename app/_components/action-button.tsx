"use client";
import { useActionState, useState } from "react";
import { type ActionState, IDLE } from "@/lib/action-state";
import { ActionFeedback } from "./fields";

type ServerAction = (previous: ActionState, formData: FormData) => Promise<ActionState>;

/**
 * A one-button form for an action on one record (disable, delete…). With `confirm`, the first
 * press asks "are you sure" in place, saying what will happen; the second one acts.
 */
export function ActionButton({
  action,
  fields,
  label,
  ariaLabel,
  confirm,
  tone = "neutral",
}: {
  action: ServerAction;
  fields: Record<string, string>;
  label: string;
  /** A fuller name for screen readers when the label alone is ambiguous ("Delete" what?). */
  ariaLabel?: string;
  confirm?: string;
  tone?: "neutral" | "danger";
}) {
  const [state, dispatch, pending] = useActionState(action, IDLE);
  const [asking, setAsking] = useState(false);
  const style =
    tone === "danger"
      ? "border-red-300 text-red-800 hover:bg-red-50"
      : "border-slate-300 text-slate-800 hover:bg-slate-50";
  return (
    <form action={dispatch} className="inline-flex flex-wrap items-center gap-2">
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {confirm && !asking ? (
        <button
          type="button"
          aria-label={ariaLabel}
          onClick={() => setAsking(true)}
          className={`rounded-md border px-2 py-1 text-sm ${style}`}
        >
          {label}
        </button>
      ) : (
        <>
          {confirm && <span className="text-sm text-slate-800">{confirm}</span>}
          <button
            type="submit"
            aria-label={confirm ? undefined : ariaLabel}
            disabled={pending}
            className={`rounded-md border px-2 py-1 text-sm ${style} disabled:opacity-60`}
          >
            {confirm ? `Yes, ${label.toLowerCase()}` : label}
          </button>
          {confirm && (
            <button
              type="button"
              onClick={() => setAsking(false)}
              className="rounded-md px-2 py-1 text-sm text-slate-700 underline"
            >
              Cancel
            </button>
          )}
        </>
      )}
      <ActionFeedback state={state} />
    </form>
  );
}
