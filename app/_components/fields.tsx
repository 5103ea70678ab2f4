"use client";
import type { FieldError, UseFormRegisterReturn } from "react-hook-form";
import { type ActionState, messageOf } from "@/lib/action-state";
import { TOUCH_TARGET } from "./touch";

interface FieldProps {
  id: string;
  label: string;
  registration: UseFormRegisterReturn;
  error?: FieldError;
  hint?: string;
}

const CONTROL_STYLE =
  "block w-full rounded-md border border-slate-300 px-3 py-2 text-sm shadow-sm focus:border-blue-600 focus:ring-2 focus:ring-blue-600/30 focus:outline-none aria-invalid:border-red-600";

// A label, the control, its hint and its error, wired for screen readers
// (aria-invalid, aria-describedby naming the hint and the error).
function Field({
  id,
  label,
  error,
  hint,
  children,
}: Omit<FieldProps, "registration"> & {
  children: (aria: { "aria-invalid"?: true; "aria-describedby"?: string }) => React.ReactNode;
}) {
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ");
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      {children({ "aria-invalid": error ? true : undefined, "aria-describedby": describedBy || undefined })}
      {hint && (
        <p id={`${id}-hint`} className="text-xs text-slate-600">
          {hint}
        </p>
      )}
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
          {...aria}
          {...registration}
        />
      )}
    </Field>
  );
}

export function TextAreaField({ rows = 3, registration, ...field }: FieldProps & { rows?: number }) {
  return (
    <Field {...field}>
      {(aria) => <textarea id={field.id} rows={rows} className={CONTROL_STYLE} {...aria} {...registration} />}
    </Field>
  );
}

export function FormMessage({ state }: { state: ActionState<unknown> }) {
  const message = messageOf(state);
  if (!message) return null;
  return message.failed ? (
    <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
      {message.text}
    </p>
  ) : (
    <p role="status" className="rounded-md border border-green-200 bg-green-50 px-3 py-2 text-sm text-green-800">
      {message.text}
    </p>
  );
}

export function SubmitButton({ pending, children }: { pending: boolean; children: React.ReactNode }) {
  return (
    <button
      type="submit"
      // Not `disabled`: that would drop the keyboard to the page while the action runs.
      aria-disabled={pending || undefined}
      onClick={(event) => {
        if (pending) event.preventDefault();
      }}
      className={`rounded-md bg-blue-700 px-4 py-2 text-sm font-medium text-white shadow-sm hover:bg-blue-800 focus:ring-2 focus:ring-blue-600/40 focus:outline-none aria-disabled:opacity-60 ${TOUCH_TARGET}`}
    >
      {children}
    </button>
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
      <button type="button" onClick={onCancel} className={`rounded-md px-3 py-2 text-sm underline ${TOUCH_TARGET}`}>
        Cancel
      </button>
    </div>
  );
}
