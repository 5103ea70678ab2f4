"use client";
import { useId } from "react";
import type { FieldError, UseFormRegisterReturn } from "react-hook-form";
import { useHydrated } from "@/app/_components/client-form";
import { type ActionState, messageOf } from "@/lib/action-state";
import { TOUCH_FIELD } from "./touch";

interface FieldProps {
  id: string;
  label: string;
  registration: UseFormRegisterReturn;
  error?: FieldError;
  hint?: string;
  /**
   * What the field holds when the page is served. react-hook-form writes its default values
   * into the fields only once the scripts run; this puts them in the server's HTML, so the
   * page reads correctly before then.
   */
  defaultValue?: string;
}

const CONTROL_STYLE = `block w-full rounded-md border border-slate-300 px-3 py-2 text-sm shadow-sm focus:border-blue-600 focus:ring-2 focus:ring-blue-600/30 focus:outline-none aria-invalid:border-red-600 ${TOUCH_FIELD}`;

// A label, its hint, the control and its error, wired for screen readers
// (aria-invalid, aria-describedby naming the hint and the error).
function Field({
  id,
  label,
  error,
  hint,
  children,
}: Omit<FieldProps, "registration" | "defaultValue"> & {
  children: (aria: { "aria-invalid"?: true; "aria-describedby"?: string }) => React.ReactNode;
}) {
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ");
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      {hint && (
        <p id={`${id}-hint`} className="text-xs text-slate-600">
          {hint}
        </p>
      )}
      {children({ "aria-invalid": error ? true : undefined, "aria-describedby": describedBy || undefined })}
      {error?.message && (
        <p id={`${id}-error`} className="text-sm text-red-700">
          {error.message}
        </p>
      )}
    </div>
  );
}

export function TextField({
  type = "text",
  autoComplete,
  registration,
  defaultValue,
  ...field
}: FieldProps & { type?: string; autoComplete?: string }) {
  return (
    <Field {...field}>
      {(aria) => (
        <input
          id={field.id}
          type={type}
          autoComplete={autoComplete}
          className={CONTROL_STYLE}
          defaultValue={defaultValue}
          {...aria}
          {...registration}
        />
      )}
    </Field>
  );
}

export function TextAreaField({ rows = 3, registration, defaultValue, ...field }: FieldProps & { rows?: number }) {
  return (
    <Field {...field}>
      {(aria) => (
        <textarea
          id={field.id}
          rows={rows}
          className={CONTROL_STYLE}
          defaultValue={defaultValue}
          {...aria}
          {...registration}
        />
      )}
    </Field>
  );
}

/**
 * A form's answer. Focusable (not in the tab order), so a form can move the keyboard to it
 * after a save instead of leaving it on the body.
 */
export function FormMessage({ state, ref }: { state: ActionState<unknown>; ref?: React.Ref<HTMLParagraphElement> }) {
  const message = messageOf(state);
  if (!message) return null;
  return (
    <p
      ref={ref}
      tabIndex={-1}
      role={message.failed ? "alert" : "status"}
      className={`rounded-md border px-3 py-2 text-sm ${
        message.failed ? "border-red-200 bg-red-50 text-red-800" : "border-green-200 bg-green-50 text-green-800"
      }`}
    >
      {message.text}
    </p>
  );
}

export const LOADING_HINT = "Loading: available in a moment.";

/**
 * A form's submit button. Until the page's scripts run it is disabled and says why (a press
 * would otherwise be lost); `disabledBecause` keeps it so for a reason of the form's own,
 * shown beside it.
 */
export function SubmitButton({
  pending,
  disabledBecause,
  children,
}: {
  pending: boolean;
  disabledBecause?: string;
  children: React.ReactNode;
}) {
  const hydrated = useHydrated();
  const reasonId = useId();
  const reason = hydrated ? disabledBecause : LOADING_HINT;
  return (
    <>
      <button
        type="submit"
        // Not `disabled` while the action runs: that would drop the keyboard to the page.
        disabled={!!reason}
        aria-disabled={pending || reason ? true : undefined}
        aria-describedby={reason ? reasonId : undefined}
        onClick={(event) => {
          if (pending) event.preventDefault();
        }}
        className={`rounded-md bg-blue-700 px-4 py-2 text-sm font-medium text-white shadow-sm hover:bg-blue-800 focus:ring-2 focus:ring-blue-600/40 focus:outline-none disabled:opacity-60 aria-disabled:opacity-60 ${TOUCH_FIELD}`}
      >
        {children}
      </button>
      {reason && (
        <span id={reasonId} className={hydrated ? "text-sm text-slate-700" : "sr-only"}>
          {reason}
        </span>
      )}
    </>
  );
}

/** The inline answer of a small row form: its error as an alert, its success as a status. */
export function ActionFeedback({ state }: { state: ActionState<unknown> }) {
  const message = messageOf(state);
  const failed = message?.failed ?? false;
  return (
    <span role={failed ? "alert" : "status"} className={failed ? "text-sm text-red-700" : "text-sm text-green-800"}>
      {message?.text ?? ""}
    </span>
  );
}

/** The buttons of an inline edit form: submit, and cancel without saving. */
export function SaveOrCancel({
  pending,
  label,
  pendingLabel,
  onCancel,
}: {
  pending: boolean;
  label: string;
  pendingLabel: string;
  onCancel: () => void;
}) {
  return (
    <div className="flex gap-2">
      <SubmitButton pending={pending}>{pending ? pendingLabel : label}</SubmitButton>
      <button type="button" onClick={onCancel} className={`rounded-md px-3 py-2 text-sm underline ${TOUCH_FIELD}`}>
        Cancel
      </button>
    </div>
  );
}
