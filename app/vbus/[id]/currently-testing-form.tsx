"use client";
import { useActionState } from "react";
import { ActionFeedback } from "@/app/_components/fields";
import { IDLE } from "@/lib/action-state";
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
  const [state, dispatch, pending] = useActionState(setCurrentlyTestingAction, IDLE);
  const value = current ? `${current.type}:${current.id}` : "";
  return (
    <form action={dispatch} className="flex flex-wrap items-end gap-2">
      <input type="hidden" name="vbuId" value={vbuId} />
      <div className="min-w-0 flex-1 space-y-1">
        <label htmlFor="currently-testing" className="block text-sm font-medium text-slate-800">
          Choose what this canvas is testing now
        </label>
        <select
          id="currently-testing"
          name="target"
          key={value}
          defaultValue={value}
          className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm"
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
        disabled={pending}
        className="rounded-md border border-slate-300 px-3 py-2 text-sm hover:bg-slate-50 disabled:opacity-60"
      >
        Set currently testing
      </button>
      <ActionFeedback state={state} />
    </form>
  );
}
