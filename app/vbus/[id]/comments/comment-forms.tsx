"use client";
import { useEffect, useId, useRef, useState } from "react";
import type { FieldError, UseFormRegisterReturn } from "react-hook-form";
import { ActionButton } from "@/app/_components/action-button";
import { ClientForm } from "@/app/_components/client-form";
import { FormMessage, SubmitButton } from "@/app/_components/fields";
import { TOUCH_FIELD } from "@/app/_components/touch";
import { useActionForm } from "@/app/_components/use-action-form";
import type { ActionState } from "@/lib/action-state";
import { useUnsavedChangesWarning } from "@/app/_components/use-unsaved-changes";
import type { MentionChoice } from "@/lib/comments/read";
import { addCommentSchema, editCommentSchema } from "@/lib/comments/schemas";
import type { ThreadKey } from "@/lib/comments/thread";
import { COMMENT_MAX, EDIT_WINDOW_MINUTES } from "@/lib/comments/vocabulary";
import { addCommentAction, deleteCommentAction, editCommentAction } from "./actions";

const CONTROL = `block w-full rounded-md border border-slate-300 px-3 py-2 text-sm shadow-sm focus:border-blue-600 focus:ring-2 focus:ring-blue-600/30 focus:outline-none aria-invalid:border-red-600 ${TOUCH_FIELD}`;
const SMALL_BUTTON = `rounded-md border border-slate-300 px-2 py-1 text-sm text-slate-800 hover:bg-slate-50 ${TOUCH_FIELD}`;

/** The "@name" being typed just before the caret, if any: what the picker suggests people for. */
function mentionQuery(text: string, caret: number): { start: number; query: string } | null {
  const match = /(?:^|\s)@([\p{L}\p{M}'’.-]*(?: [\p{L}\p{M}'’.-]*)?)$/u.exec(text.slice(0, caret));
  if (!match) return null;
  return { start: caret - match[1]!.length - 1, query: match[1]!.toLowerCase() };
}

/** The people a text mentions: those whose "@Name" it holds (the picker writes it; so may the writer). */
const mentionedIn = (text: string, people: readonly MentionChoice[]) =>
  people.filter((person) => text.includes(`@${person.name}`));

/**
 * A comment's text, with an @ picker: typing "@" and the start of a name suggests the people who
 * may read the thread; choosing one writes "@Name" and mentions them (they are told).
 */
function MentionTextArea({
  id,
  label,
  registration,
  error,
  people,
  picked,
  setText,
  mentionError,
}: {
  id: string;
  label: string;
  registration: UseFormRegisterReturn;
  error?: FieldError;
  people: readonly MentionChoice[];
  picked: readonly MentionChoice[];
  setText: (text: string) => void;
  mentionError?: string;
}) {
  const area = useRef<HTMLTextAreaElement | null>(null);
  const [query, setQuery] = useState<{ start: number; query: string } | null>(null);
  const suggestionsId = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const suggestions = query
    ? people
        .filter((p) =>
          p.name
            .toLowerCase()
            .split(/\s+/)
            .some((word) => word.startsWith(query.query.split(" ")[0]!)),
        )
        .filter((p) => p.name.toLowerCase().startsWith(query.query) || !query.query.includes(" "))
        .slice(0, 6)
    : [];
  const refresh = () => {
    const el = area.current;
    setQuery(el ? mentionQuery(el.value, el.selectionStart ?? el.value.length) : null);
  };
  const pick = (person: MentionChoice) => {
    const el = area.current;
    if (!el || !query) return;
    const caret = el.selectionStart ?? el.value.length;
    const text = `${el.value.slice(0, query.start)}@${person.name} ${el.value.slice(caret)}`;
    setText(text);
    setQuery(null);
    const at = query.start + person.name.length + 2;
    requestAnimationFrame(() => {
      el.focus();
      el.setSelectionRange(at, at);
    });
  };
  const describedBy = [hintId, error ? errorId : null, mentionError ? `${id}-mentions-error` : null]
    .filter(Boolean)
    .join(" ");
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <p id={hintId} className="text-xs text-slate-600">
        {`Up to ${COMMENT_MAX.toLocaleString("en-US")} characters: *emphasis*, **bold** and [links](https://…) are shown as such, anything else as typed. Type @ and a name to mention someone: they are told.`}
      </p>
      <textarea
        id={id}
        rows={4}
        className={CONTROL}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        {...registration}
        ref={(el) => {
          registration.ref(el);
          area.current = el;
        }}
        onChange={(event) => {
          void registration.onChange(event);
          refresh();
        }}
        onKeyUp={refresh}
        onClick={refresh}
        onKeyDown={(event) => {
          if (event.key === "Escape" && query) {
            event.preventDefault();
            setQuery(null);
          } else if (event.key === "ArrowDown" && suggestions.length > 0) {
            event.preventDefault();
            document.getElementById(`${suggestionsId}-0`)?.focus();
          }
        }}
      />
      {suggestions.length > 0 && (
        <div role="group" aria-label="People to mention" id={suggestionsId} className="flex flex-wrap gap-2">
          {suggestions.map((person, index) => (
            <button
              key={person.id}
              id={`${suggestionsId}-${index}`}
              type="button"
              className={SMALL_BUTTON}
              onClick={() => pick(person)}
              onKeyDown={(event) => {
                if (event.key === "Escape") {
                  setQuery(null);
                  area.current?.focus();
                }
              }}
            >
              {`Mention ${person.name}`}
            </button>
          ))}
        </div>
      )}
      {picked.length > 0 && (
        <p className="text-xs text-slate-700">{`Mentioning: ${picked.map((p) => p.name).join(", ")}`}</p>
      )}
      {error?.message && (
        <p id={errorId} className="text-sm text-red-700">
          {error.message}
        </p>
      )}
      {mentionError && (
        <p id={`${id}-mentions-error`} className="text-sm text-red-700">
          {mentionError}
        </p>
      )}
    </div>
  );
}

/**
 * A comment's form: its text with the @ picker, its answer, and its buttons. On submit the people
 * the text mentions go with it.
 */
function CommentFormShell({
  id,
  ariaLabel,
  state,
  people,
  registration,
  bodyError,
  mentionError,
  text,
  setText,
  setMentions,
  onSubmit,
  children,
}: {
  id: string;
  ariaLabel: string;
  state: ActionState;
  people: MentionChoice[];
  registration: UseFormRegisterReturn;
  bodyError?: FieldError;
  mentionError?: string;
  text: string;
  setText: (text: string) => void;
  setMentions: (ids: string) => void;
  onSubmit: (event: React.FormEvent<HTMLFormElement>) => void;
  children: React.ReactNode;
}) {
  const mentioned = mentionedIn(text, people);
  return (
    <ClientForm
      onSubmit={(event) => {
        setMentions(mentioned.map((p) => p.id).join(","));
        onSubmit(event);
      }}
      noValidate
      aria-label={ariaLabel}
      className="space-y-3"
    >
      <FormMessage state={state} />
      <MentionTextArea
        id={id}
        label="Your comment"
        registration={registration}
        error={bodyError}
        mentionError={mentionError}
        people={people}
        picked={mentioned}
        setText={setText}
      />
      {children}
    </ClientForm>
  );
}

/** Adds a comment to a thread. */
export function CommentForm({ thread, people }: { thread: ThreadKey; people: MentionChoice[] }) {
  const { form, state, pending, onSubmit } = useActionForm(
    addCommentSchema,
    addCommentAction,
    { vbuId: thread.vbuId, subject: thread.subject, subjectId: thread.subjectId, body: "", mentions: "" },
    { resetOnSuccess: true },
  );
  useUnsavedChangesWarning(form.formState.isDirty);
  return (
    <CommentFormShell
      id="new-comment"
      ariaLabel="Add a comment"
      state={state}
      people={people}
      registration={form.register("body")}
      bodyError={form.formState.errors.body}
      mentionError={form.formState.errors.mentions?.message}
      text={form.watch("body") ?? ""}
      setText={(text) => form.setValue("body", text, { shouldDirty: true })}
      setMentions={(ids) => form.setValue("mentions", ids)}
      onSubmit={(event) => void onSubmit(event)}
    >
      <SubmitButton pending={pending}>{pending ? "Posting…" : "Post comment"}</SubmitButton>
    </CommentFormShell>
  );
}

/** Its author edits a comment (for EDIT_WINDOW_MINUTES), or its author or an admin deletes it. */
export function CommentActions({
  commentId,
  body,
  canEdit,
  canDelete,
  people,
}: {
  commentId: string;
  body: string;
  canEdit: boolean;
  canDelete: boolean;
  people: MentionChoice[];
}) {
  const [editing, setEditing] = useState(false);
  return (
    <div className="mt-2 space-y-2">
      {editing ? (
        <EditCommentForm commentId={commentId} body={body} people={people} onDone={() => setEditing(false)} />
      ) : (
        <div className="flex flex-wrap gap-2">
          {canEdit && (
            <button
              type="button"
              className={SMALL_BUTTON}
              onClick={() => setEditing(true)}
              title={`You can edit a comment for ${EDIT_WINDOW_MINUTES} minutes after writing it.`}
            >
              Edit
            </button>
          )}
          {canDelete && (
            <ActionButton
              action={deleteCommentAction}
              fields={{ commentId }}
              label="Delete"
              ariaLabel="Delete this comment"
              confirm="Delete this comment? The thread will say a comment was deleted."
              tone="danger"
            />
          )}
        </div>
      )}
    </div>
  );
}

function EditCommentForm({
  commentId,
  body,
  people,
  onDone,
}: {
  commentId: string;
  body: string;
  people: MentionChoice[];
  onDone: () => void;
}) {
  const { form, state, pending, onSubmit } = useActionForm(editCommentSchema, editCommentAction, {
    commentId,
    body,
    mentions: "",
  });
  useUnsavedChangesWarning(form.formState.isDirty);
  useEffect(() => {
    if (state.status === "success") onDone();
  }, [state, onDone]);
  return (
    <CommentFormShell
      id={`edit-${commentId}`}
      ariaLabel="Edit your comment"
      state={state}
      people={people}
      registration={form.register("body")}
      bodyError={form.formState.errors.body}
      mentionError={form.formState.errors.mentions?.message}
      text={form.watch("body") ?? ""}
      setText={(text) => form.setValue("body", text, { shouldDirty: true })}
      setMentions={(ids) => form.setValue("mentions", ids)}
      onSubmit={(event) => void onSubmit(event)}
    >
      <div className="flex gap-2">
        <SubmitButton pending={pending}>{pending ? "Saving…" : "Save comment"}</SubmitButton>
        <button type="button" className={SMALL_BUTTON} onClick={onDone}>
          Cancel
        </button>
      </div>
    </CommentFormShell>
  );
}
