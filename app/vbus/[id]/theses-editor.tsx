"use client";
import { startTransition, useActionState, useCallback, useState } from "react";
import { ActionButton } from "@/app/_components/action-button";
import { ClientButton } from "@/app/_components/client-button";
import { ActionFeedback } from "@/app/_components/fields";
import { IDLE } from "@/lib/action-state";
import type { ProofPointView, ThesisView } from "@/lib/canvas/read";
import { deleteProofPointAction, deleteThesisAction, reorderThesesAction } from "./actions";
import { Evidence } from "./evidence";
import { ProofPointSummary } from "./proof-point-summary";
import { AddProofPointForm, EditProofPointForm } from "./proof-point-form";
import { AddThesisForm, EditThesisForm } from "./thesis-forms";
import { useFocusReturn } from "@/app/_components/use-focus-return";

/** The theses of an editable canvas: edit, delete, reorder (drag and drop, or the move buttons), proof points. */
export function ThesesEditor({ vbuId, theses }: { vbuId: string; theses: ThesisView[] }) {
  const [reorderState, dispatchReorder, reordering] = useActionState(reorderThesesAction, IDLE);
  const [dragging, setDragging] = useState<string | null>(null);
  const ids = theses.map((t) => t.id);

  const move = (from: number, to: number) => {
    if (to < 0 || to >= ids.length || from === to) return;
    const order = [...ids];
    const [moved] = order.splice(from, 1);
    order.splice(to, 0, moved!);
    const data = new FormData();
    data.set("vbuId", vbuId);
    data.set("previousOrder", ids.join(","));
    data.set("order", order.join(","));
    startTransition(() => dispatchReorder(data));
  };

  return (
    <div className="space-y-4">
      <div aria-live="polite">
        <ActionFeedback state={reorderState} />
      </div>
      {theses.length === 0 && <p className="text-sm text-slate-600">No theses yet. Add the first one below.</p>}
      <ol className="space-y-4" aria-label="Theses">
        {theses.map((thesis, index) => (
          <li
            key={thesis.id}
            draggable
            onDragStart={(event) => {
              setDragging(thesis.id);
              event.dataTransfer.effectAllowed = "move";
              event.dataTransfer.setData("text/plain", thesis.id);
            }}
            onDragEnd={() => setDragging(null)}
            onDragOver={(event) => event.preventDefault()}
            onDrop={(event) => {
              event.preventDefault();
              const draggedId = dragging ?? event.dataTransfer.getData("text/plain");
              setDragging(null);
              move(ids.indexOf(draggedId), index);
            }}
            aria-label={`Thesis ${thesis.order}`}
            className={`rounded-lg border bg-white p-4 ${dragging === thesis.id ? "border-blue-400 opacity-60" : "border-slate-200"}`}
          >
            <ThesisCard
              vbuId={vbuId}
              thesis={thesis}
              first={index === 0}
              last={index === theses.length - 1}
              busy={reordering}
              onMove={(delta) => move(index, index + delta)}
            />
          </li>
        ))}
      </ol>
      <AddThesisForm vbuId={vbuId} count={theses.length} />
    </div>
  );
}

function ThesisCard({
  vbuId,
  thesis,
  first,
  last,
  busy,
  onMove,
}: {
  vbuId: string;
  thesis: ThesisView;
  first: boolean;
  last: boolean;
  busy: boolean;
  onMove: (delta: number) => void;
}) {
  const [editing, setEditing] = useState(false);
  const [adding, setAdding] = useState(false);
  const editButton = useFocusReturn<HTMLButtonElement>(editing);
  const addButton = useFocusReturn<HTMLButtonElement>(adding);
  const stopEditing = useCallback(() => setEditing(false), []);
  const stopAdding = useCallback(() => setAdding(false), []);
  const points = thesis.proofPoints.length;
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-start gap-3">
        <span aria-hidden className="cursor-grab select-none text-slate-500" title="Drag to reorder">
          ⠿
        </span>
        <div className="min-w-0 flex-1">
          {editing ? (
            <EditThesisForm
              vbuId={vbuId}
              thesisId={thesis.id}
              order={thesis.order}
              text={thesis.text}
              fingerprint={thesis.fingerprint}
              onDone={stopEditing}
            />
          ) : (
            <h3 className="font-medium">
              <span className="text-slate-600">Thesis {thesis.order}: </span>
              {thesis.text}
            </h3>
          )}
        </div>
        <div className="flex flex-wrap gap-1">
          <ClientButton
            disabled={first || busy}
            onClick={() => onMove(-1)}
            aria-label={`Move thesis ${thesis.order} up`}
            className="rounded-md border border-slate-300 px-2 py-1 text-sm disabled:opacity-40"
          >
            ↑ Up
          </ClientButton>
          <ClientButton
            disabled={last || busy}
            onClick={() => onMove(1)}
            aria-label={`Move thesis ${thesis.order} down`}
            className="rounded-md border border-slate-300 px-2 py-1 text-sm disabled:opacity-40"
          >
            ↓ Down
          </ClientButton>
          {!editing && (
            <ClientButton
              ref={editButton}
              onClick={() => setEditing(true)}
              aria-label={`Edit thesis ${thesis.order}`}
              className="rounded-md border border-slate-300 px-2 py-1 text-sm"
            >
              Edit
            </ClientButton>
          )}
          <ActionButton
            action={deleteThesisAction}
            fields={{ vbuId, thesisId: thesis.id }}
            label="Delete"
            ariaLabel={`Delete thesis ${thesis.order}`}
            tone="danger"
            confirm={`Delete thesis ${thesis.order}${points ? ` and its ${points} proof point${points === 1 ? "" : "s"}` : ""}?`}
          />
        </div>
      </div>
      <ProofPointList vbuId={vbuId} points={thesis.proofPoints} />
      {adding ? (
        <AddProofPointForm vbuId={vbuId} thesisId={thesis.id} thesisOrder={thesis.order} onDone={stopAdding} />
      ) : (
        <ClientButton
          ref={addButton}
          onClick={() => setAdding(true)}
          className="text-sm font-medium text-blue-800 underline"
        >
          Add a proof point to thesis {thesis.order}
        </ClientButton>
      )}
    </div>
  );
}

function ProofPointList({ vbuId, points }: { vbuId: string; points: ProofPointView[] }) {
  if (points.length === 0) return <p className="text-sm text-slate-600">No proof points yet.</p>;
  return (
    <ul className="space-y-2" aria-label="Proof points">
      {points.map((point) => (
        <ProofPointRow key={point.id} vbuId={vbuId} point={point} />
      ))}
    </ul>
  );
}

function ProofPointRow({ vbuId, point }: { vbuId: string; point: ProofPointView }) {
  const [editing, setEditing] = useState(false);
  const editButton = useFocusReturn<HTMLButtonElement>(editing);
  const stop = useCallback(() => setEditing(false), []);
  return (
    <li className="rounded-md border border-slate-100 bg-slate-50 p-3">
      {editing ? (
        <EditProofPointForm vbuId={vbuId} point={point} onDone={stop} />
      ) : (
        <div className="flex flex-wrap items-start gap-3">
          <div className="min-w-0 flex-1">
            <ProofPointSummary point={point} />
            <Evidence
              proofPointId={point.id}
              proofPointDescription={point.description}
              attachments={point.attachments}
            />
          </div>
          <ClientButton
            ref={editButton}
            onClick={() => setEditing(true)}
            aria-label={`Edit proof point: ${point.description}`}
            className="rounded-md border border-slate-300 px-2 py-1 text-sm"
          >
            Edit
          </ClientButton>
          <ActionButton
            action={deleteProofPointAction}
            fields={{ vbuId, proofPointId: point.id }}
            label="Delete"
            ariaLabel={`Delete proof point: ${point.description}`}
            tone="danger"
            confirm="Delete this proof point?"
          />
        </div>
      )}
    </li>
  );
}
