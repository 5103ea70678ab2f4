"use client";
import { startTransition, useActionState, useCallback, useLayoutEffect, useOptimistic, useRef, useState } from "react";
import { ActionButton } from "@/app/_components/action-button";
import { ClientButton } from "@/app/_components/client-button";
import { TOUCH_TARGET } from "@/app/_components/touch";
import { useFocusReturn } from "@/app/_components/use-focus-return";
import { useUnsavedChangesWarning } from "@/app/_components/use-unsaved-changes";
import { type ActionState, IDLE, messageOf } from "@/lib/action-state";
import type { OrderConflict } from "@/lib/canvas/conflicts";
import type { CurrentlyTestingView, ProofPointView, ThesisView } from "@/lib/canvas/read";
import { proofPointDeleteQuestion, thesisDeleteQuestion } from "@/lib/canvas/deletion";
import { deleteProofPointAction, deleteThesisAction, reorderThesesAction } from "./actions";
import { CanvasAnnouncer, useAnnounce } from "./canvas-announcer";
import { Evidence } from "./evidence";
import { ProofPointSummary } from "./proof-point-summary";
import { AddProofPointForm, EditProofPointForm } from "./proof-point-form";
import { AddThesisForm, EditThesisForm } from "./thesis-forms";

const SMALL_BUTTON = `rounded-md border border-slate-300 px-2 py-1 text-sm aria-disabled:opacity-40 ${TOUCH_TARGET}`;

type Direction = "up" | "down";
const moveButtonId = (thesisId: string, direction: Direction) => `move-${direction}-${thesisId}`;

/**
 * The theses of an editable canvas: edit, delete, reorder (drag and drop, or the move buttons),
 * proof points. `overdueOnly` lists only the proof points overdue for review.
 */
export function ThesesEditor({
  vbuId,
  theses,
  currentlyTesting,
  overdueOnly = false,
}: {
  vbuId: string;
  theses: ThesisView[];
  currentlyTesting: CurrentlyTestingView | null;
  overdueOnly?: boolean;
}) {
  return (
    <CanvasAnnouncer>
      <ThesisList vbuId={vbuId} theses={theses} currentlyTesting={currentlyTesting} overdueOnly={overdueOnly} />
    </CanvasAnnouncer>
  );
}

function ThesisList({
  vbuId,
  theses,
  currentlyTesting,
  overdueOnly,
}: {
  vbuId: string;
  theses: ThesisView[];
  currentlyTesting: CurrentlyTestingView | null;
  overdueOnly: boolean;
}) {
  const announce = useAnnounce();
  // Moves are queued one after another (a second press while the first is on its way acts on
  // the order the first made), and shown at once: the list is in the order asked for until the
  // server answers, and back in the saved order if it refuses. Until the last is saved the list
  // is busy, and leaving the page asks first: a reload would drop the moves still queued.
  const [, dispatchReorder, reordering] = useActionState(
    async (previous: ActionState<OrderConflict>, data: FormData) => {
      const answer = await reorderThesesAction(previous, data);
      const message = messageOf(answer);
      if (message) announce(message.text, { failed: message.failed });
      return answer;
    },
    IDLE as ActionState<OrderConflict>,
  );
  useUnsavedChangesWarning(reordering);
  const savedOrder = theses.map((t) => t.id);
  const [order, setOrder] = useOptimistic(savedOrder);
  const byId = new Map(theses.map((t) => [t.id, t]));
  const shown = order.flatMap((id) => byId.get(id) ?? []);
  const [dragging, setDragging] = useState<string | null>(null);

  // The move button pressed last: moving its thesis re-inserts the item in the page, which
  // drops the keyboard; it goes back to the same button of the moved thesis.
  const pressed = useRef<string | null>(null);
  const shownOrder = order.join(",");
  useLayoutEffect(() => {
    const button = pressed.current ? document.getElementById(pressed.current) : null;
    if (button && (document.activeElement === document.body || document.activeElement === null)) button.focus();
  }, [shownOrder]);

  const move = (from: number, to: number) => {
    if (from < 0 || to < 0 || to >= order.length || from === to) return;
    const next = [...order];
    const [moved] = next.splice(from, 1);
    next.splice(to, 0, moved!);
    const data = new FormData();
    data.set("vbuId", vbuId);
    data.set("previousOrder", order.join(","));
    data.set("order", next.join(","));
    startTransition(() => {
      setOrder(next);
      dispatchReorder(data);
    });
  };

  return (
    <div className="space-y-4">
      {shown.length === 0 && <p className="text-sm text-slate-600">No theses yet. Add the first one below.</p>}
      <ol className="space-y-4" aria-label="Theses" aria-busy={reordering || undefined}>
        {shown.map((thesis, index) => (
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
              pressed.current = null;
              move(order.indexOf(draggedId), index);
            }}
            aria-label={`Thesis ${index + 1}`}
            className={`rounded-lg border bg-white p-4 ${dragging === thesis.id ? "border-blue-400 opacity-60" : "border-slate-200"}`}
          >
            <ThesisCard
              vbuId={vbuId}
              // Numbered by where it is shown, while a move is on its way too.
              thesis={{ ...thesis, order: index + 1 }}
              first={index === 0}
              last={index === shown.length - 1}
              currentlyTesting={currentlyTesting}
              overdueOnly={overdueOnly}
              onMove={(direction) => {
                pressed.current = moveButtonId(thesis.id, direction);
                move(index, direction === "up" ? index - 1 : index + 1);
              }}
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
  currentlyTesting,
  overdueOnly,
  onMove,
}: {
  vbuId: string;
  thesis: ThesisView;
  first: boolean;
  last: boolean;
  currentlyTesting: CurrentlyTestingView | null;
  overdueOnly: boolean;
  onMove: (direction: Direction) => void;
}) {
  const announce = useAnnounce();
  const [editing, setEditing] = useState(false);
  const [adding, setAdding] = useState(false);
  const editButton = useFocusReturn<HTMLButtonElement>(editing);
  const addButton = useFocusReturn<HTMLButtonElement>(adding);
  const stopEditing = useCallback(() => setEditing(false), []);
  const stopAdding = useCallback(() => setAdding(false), []);
  const question = thesisDeleteQuestion({
    order: thesis.order,
    proofPoints: thesis.proofPoints.length,
    files: thesis.proofPoints.reduce((sum, p) => sum + p.attachments.length, 0),
    wasTesting:
      currentlyTesting?.id === thesis.id
        ? "itself"
        : thesis.proofPoints.some((p) => p.id === currentlyTesting?.id)
          ? "a proof point"
          : null,
  });
  // At either end a move button stays focusable (aria-disabled), so the keyboard stays on it.
  const moveButton = (direction: Direction, atEnd: boolean) => (
    <ClientButton
      id={moveButtonId(thesis.id, direction)}
      aria-disabled={atEnd || undefined}
      onClick={() => {
        if (!atEnd) onMove(direction);
      }}
      aria-label={`Move ${direction}: thesis ${thesis.order}`}
      className={SMALL_BUTTON}
    >
      <span aria-hidden>{direction === "up" ? "↑ " : "↓ "}</span>
      Move {direction}
    </ClientButton>
  );
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
          {moveButton("up", first)}
          {moveButton("down", last)}
          {!editing && (
            <ClientButton
              ref={editButton}
              onClick={() => setEditing(true)}
              aria-label={`Edit thesis ${thesis.order}`}
              className={SMALL_BUTTON}
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
            confirm={question}
            onSuccess={(answer) => announce(answer.message ?? "Thesis deleted.", { focus: true })}
          />
        </div>
      </div>
      <ProofPointList
        vbuId={vbuId}
        points={overdueOnly ? thesis.proofPoints.filter((p) => p.overdue) : thesis.proofPoints}
        overdueOnly={overdueOnly}
        currentlyTesting={currentlyTesting}
      />
      {adding ? (
        <AddProofPointForm vbuId={vbuId} thesisId={thesis.id} thesisOrder={thesis.order} onDone={stopAdding} />
      ) : (
        <ClientButton
          ref={addButton}
          onClick={() => setAdding(true)}
          className={`text-sm font-medium text-blue-800 underline ${TOUCH_TARGET}`}
        >
          Add a proof point to thesis {thesis.order}
        </ClientButton>
      )}
    </div>
  );
}

function ProofPointList({
  vbuId,
  points,
  overdueOnly,
  currentlyTesting,
}: {
  vbuId: string;
  points: ProofPointView[];
  overdueOnly: boolean;
  currentlyTesting: CurrentlyTestingView | null;
}) {
  if (points.length === 0) {
    return (
      <p className="text-sm text-slate-600">
        {overdueOnly ? "No proof points overdue for review." : "No proof points yet."}
      </p>
    );
  }
  return (
    <ul className="space-y-2" aria-label="Proof points">
      {points.map((point) => (
        <ProofPointRow key={point.id} vbuId={vbuId} point={point} tested={currentlyTesting?.id === point.id} />
      ))}
    </ul>
  );
}

function ProofPointRow({ vbuId, point, tested }: { vbuId: string; point: ProofPointView; tested: boolean }) {
  const announce = useAnnounce();
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
            <ProofPointSummary vbuId={vbuId} point={point} />
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
            className={SMALL_BUTTON}
          >
            Edit
          </ClientButton>
          <ActionButton
            action={deleteProofPointAction}
            fields={{ vbuId, proofPointId: point.id }}
            label="Delete"
            ariaLabel={`Delete proof point: ${point.description}`}
            tone="danger"
            confirm={proofPointDeleteQuestion({
              proofPoints: 0,
              files: point.attachments.length,
              wasTesting: tested ? "itself" : null,
            })}
            onSuccess={(answer) => announce(answer.message ?? "Proof point deleted.", { focus: true })}
          />
        </div>
      )}
    </li>
  );
}
