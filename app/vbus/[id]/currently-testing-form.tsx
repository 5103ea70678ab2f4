"use client";
import { useActionState, useState } from "react";
import { ActionFeedback } from "@/app/_components/fields";
import { TOUCH_TARGET } from "@/app/_components/touch";
import { type ActionState, IDLE } from "@/lib/action-state";
import type { CurrentlyTestingView, ThesisView } from "@/lib/canvas/read";
import { setCurrentlyTestingAction } from "./actions";

const clip = (text: string) => (text.length > 80 ? `${text.slice(0, 79)}…` : text);

export function CurrentlyTestingForm({
  vbuId,
  theses,
  current,
}: {
  vbuId: string;
  theses: ThesisView[];
  current: CurrentlyTestingView | null;
}) {
  const value = current ? `${current.type}:${current.id}` : "";
  // What the last answered choice was: its success is said only while it is still what the
  // canvas tests (deleting that thesis or proof point clears it, and "updated" would then lie).
  const [answeredFor, setAnsweredFor] = useState<string | null>(null);
  const [state, dispatch, pending] = useActionState(async (previous: ActionState, data: FormData) => {
    const answer = await setCurrentlyTestingAction(previous, data);
    const target = data.get("target");
    setAnsweredFor(typeof target === "string" ? target : "");
    return answer;
  }, IDLE);
  const shown = state.status === "success" && answeredFor !== value ? IDLE : state;
  return (
    <form action={dispatch} className="flex flex-wrap items-end gap-2">
      <input type="hidden" name="vbuId" value={vbuId} />
      {/* The whole width on phones, beside its button from small screens up. */}
      <div className="w-full min-w-0 space-y-1 sm:w-auto sm:flex-1">
        <label htmlFor="currently-testing" className="block text-sm font-medium text-slate-800">
          Choose what this canvas is testing now
        </label>
        <select
          id="currently-testing"
          name="target"
          key={value}
          defaultValue={value}
          className={`block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm ${TOUCH_TARGET}`}
        >
          <option value="">Nothing</option>
          {theses.map((thesis) => (
            <optgroup key={thesis.id} label={`Thesis ${thesis.order}`}>
              <option value={`thesis:${thesis.id}`}>
                Thesis {thesis.order}: {clip(thesis.text)}
              </option>
              {thesis.proofPoints.map((point) => (
                <option key={point.id} value={`proof_point:${point.id}`}>
                  Proof point: {clip(point.description)}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </div>
      <button
        type="submit"
        // Not `disabled`: that would drop the keyboard to the page while the choice is saved.
        aria-disabled={pending || undefined}
        onClick={(event) => {
          if (pending) event.preventDefault();
        }}
        className={`rounded-md border border-slate-300 px-3 py-2 text-sm hover:bg-slate-50 aria-disabled:opacity-60 ${TOUCH_TARGET}`}
      >
        Set currently testing
      </button>
      <ActionFeedback state={shown} />
    </form>
  );
}
