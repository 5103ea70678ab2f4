"use client";
import { useRouter } from "next/navigation";
import { startTransition, useActionState, useEffect, useId, useRef, useState } from "react";
import { createPortal } from "react-dom";
import { TOUCH_FIELD } from "@/app/_components/touch";
import { useHydrated } from "@/app/_components/client-form";
import { ActionFeedback } from "@/app/_components/fields";
import type { LifecycleLane } from "@/db/schema";
import { type ActionState, IDLE } from "@/lib/action-state";
import type { LaneConflict } from "@/lib/canvas/conflicts";
import { moveLaneSchema } from "@/lib/canvas/schemas";
import { LANES } from "@/lib/canvas/vocabulary";
import { moveLaneAction } from "./actions";

// The admin's lane controls, for the whole board in one client component. The cards are
// server-rendered markup carrying data attributes (./card.tsx) and their events bubble up
// to here: a client component per card would cost every render of a big board. Two ways to
// move a card, both sending the same action with the canvas version the card was rendered with:
// - keyboard: the card's "Move to another lane" button opens a small form in the card (a lane
//   select and a Move button), rendered here into the card;
// - drag and drop onto another lane.
// The message lives here, in a live region, so it outlives the card, which the refreshed board
// shows in its new lane; a card moved by keyboard gets the focus back there.

interface Card {
  vbuId: string;
  version: number;
  lane: LifecycleLane;
}

/** The card an element sits in, as the page rendered it (data attributes), with its lane. */
function cardOf(element: Element | null): (Card & { name: string; element: HTMLElement }) | null {
  const holder = element?.closest<HTMLElement>("li[data-vbu-id]");
  if (!holder) return null;
  const parsed = moveLaneSchema.safeParse({
    vbuId: holder.dataset.vbuId,
    version: holder.dataset.version,
    lane: holder.closest<HTMLElement>("section[data-lane]")?.dataset.lane,
  });
  return parsed.success ? { ...parsed.data, name: holder.dataset.vbuName ?? "", element: holder } : null;
}

const laneSectionOf = (element: Element | null) => element?.closest<HTMLElement>("section[data-lane]") ?? null;

const openButtonIn = (element: Element | null | undefined) =>
  element?.querySelector<HTMLButtonElement>("button[data-move-open]") ?? null;

export function BoardMoveProvider({ children }: { children: React.ReactNode }) {
  const router = useRouter();
  const hydrated = useHydrated();
  const [state, dispatch, pending] = useActionState(moveLaneAction, IDLE);
  const root = useRef<HTMLDivElement>(null);
  const dragged = useRef<Card | null>(null);
  const over = useRef<HTMLElement | null>(null);
  /** The card whose move form is open, and where in it the form goes. */
  const [open, setOpen] = useState<{ vbuId: string; name: string; slot: HTMLElement } | null>(null);
  /** A card moved by keyboard: its button takes the focus again once it shows in its new lane. */
  const refocus = useRef<{ vbuId: string; lane: LifecycleLane; version: number } | null>(null);
  const message = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (state.status === "error" || state.status === "conflict") refocus.current = null;
    // Someone changed the canvas since the board was read: show the board as it is now.
    if (state.status === "conflict") router.refresh();
  }, [state, router]);

  // After the board refreshes, the focus goes where the person can go on from.
  useEffect(() => {
    const wanted = refocus.current;
    if (wanted) {
      const card = root.current?.querySelector<HTMLElement>(`li[data-vbu-id="${wanted.vbuId}"]`);
      // Still as it was sent: the refreshed board has not arrived yet.
      if (card?.dataset.version === String(wanted.version)) return;
      refocus.current = null;
      setOpen(null);
      // Its button in the new lane; or, where the lane shows only its first cards and the moved
      // one is not among them, the lane's "Show all" link (or heading), so focus is not lost.
      const lane = root.current?.querySelector<HTMLElement>(`section[data-lane="${wanted.lane}"]`);
      const target =
        openButtonIn(card) ?? lane?.querySelector<HTMLElement>("a[data-show-all]") ?? lane?.querySelector("h2");
      if (target instanceof HTMLHeadingElement) target.tabIndex = -1;
      target?.focus();
    } else if (open && !open.slot.isConnected) {
      // The open form's card shows in another lane now (someone moved it meanwhile), or not at
      // all: its place is gone. Close it; the card's button, else the message, has the focus.
      // eslint-disable-next-line react-hooks/set-state-in-effect -- the board's DOM changed under the form: sync with it
      setOpen(null);
      const card = root.current?.querySelector(`li[data-vbu-id="${open.vbuId}"]`);
      (openButtonIn(card) ?? message.current)?.focus();
    }
  }, [children, state, open]);

  const move = (card: Card, lane: LifecycleLane) => {
    if (pending || card.lane === lane) return;
    const data = new FormData();
    data.set("vbuId", card.vbuId);
    data.set("lane", lane);
    data.set("version", String(card.version));
    startTransition(() => dispatch(data));
  };

  const closeForm = (focusButton: boolean) => {
    if (!open) return;
    const button = openButtonIn(open.slot);
    button?.setAttribute("aria-expanded", "false");
    setOpen(null);
    if (focusButton) button?.focus();
  };

  const highlight = (section: HTMLElement | null) => {
    if (over.current === section) return;
    if (over.current) delete over.current.dataset.dropTarget;
    if (section) section.dataset.dropTarget = "true";
    over.current = section;
  };

  const endDrag = () => {
    highlight(null);
    if (dragged.current) {
      const element = root.current?.querySelector<HTMLElement>(`li[data-vbu-id="${dragged.current.vbuId}"]`);
      if (element) delete element.dataset.dragging;
    }
    dragged.current = null;
  };

  return (
    <div
      ref={root}
      onClick={(event) => {
        const button = (event.target as Element).closest<HTMLButtonElement>("button[data-move-open]");
        const card = cardOf(button);
        const slot = button?.closest<HTMLElement>("[data-move-slot]");
        if (!button || !card || !slot) return;
        // The same button again closes the form (a refreshed board may have a new card, and slot).
        if (open?.slot === slot) return closeForm(true);
        if (open) openButtonIn(open.slot)?.setAttribute("aria-expanded", "false");
        refocus.current = null; // on to another card: a pending move no longer takes the focus back
        button.setAttribute("aria-expanded", "true");
        setOpen({ vbuId: card.vbuId, name: card.name, slot });
      }}
      onDragStart={(event) => {
        const card = cardOf(event.target as Element);
        if (!card) return;
        event.dataTransfer.effectAllowed = "move";
        event.dataTransfer.setData("text/plain", card.vbuId);
        card.element.dataset.dragging = "true";
        dragged.current = card;
      }}
      onDragOver={(event) => {
        const section = laneSectionOf(event.target as Element);
        if (!dragged.current || !section || section.dataset.lane === dragged.current.lane) return highlight(null);
        event.preventDefault();
        event.dataTransfer.dropEffect = "move";
        highlight(section);
      }}
      onDrop={(event) => {
        const section = laneSectionOf(event.target as Element);
        const card = dragged.current;
        endDrag();
        if (!section || !card) return;
        event.preventDefault();
        move(card, section.dataset.lane as LifecycleLane);
      }}
      onDragEnd={endDrag}
    >
      <div ref={message} tabIndex={-1} aria-live="polite" className="mb-4 min-h-6">
        <ActionFeedback state={state} />
      </div>
      {/* The "Move to another lane" buttons only work once this component runs: disabled until
          then, so an early press is not taken for a dead button (links to the canvases work
          either way). Only for its `disabled`: no group for assistive technology. */}
      <fieldset disabled={!hydrated} role="presentation" className="m-0 min-w-0 border-0 p-0">
        {children}
      </fieldset>
      {open &&
        createPortal(
          <MoveForm
            key={open.vbuId}
            name={open.name}
            lane={cardOf(open.slot)?.lane}
            pending={pending}
            state={state}
            onCancel={() => closeForm(true)}
            onMove={(lane) => {
              // The card as it is on the page now (a refreshed board carries a newer version).
              const card = cardOf(open.slot);
              if (!card) return;
              refocus.current = { vbuId: card.vbuId, lane, version: card.version };
              move(card, lane);
            }}
          />,
          open.slot,
        )}
    </div>
  );
}

/** The keyboard way: choose another lane and press Move (or Cancel). */
function MoveForm({
  name,
  lane,
  pending,
  state,
  onCancel,
  onMove,
}: {
  name: string;
  lane: LifecycleLane | undefined;
  pending: boolean;
  state: ActionState<LaneConflict>;
  onCancel: () => void;
  onMove: (lane: LifecycleLane) => void;
}) {
  const id = useId();
  const select = useRef<HTMLSelectElement>(null);
  const others = LANES.filter((l) => l.lane !== lane);
  const [target, setTarget] = useState<LifecycleLane>(others[0]!.lane);
  const [shownState] = useState(state); // only what happens after the form opened is its own

  useEffect(() => select.current?.focus(), []);

  return (
    <form
      className="mt-2 flex flex-wrap items-end gap-2"
      onSubmit={(event) => {
        event.preventDefault();
        onMove(target);
      }}
      onKeyDown={(event) => {
        if (event.key === "Escape") onCancel();
      }}
    >
      <div className="flex flex-col">
        <label htmlFor={id} className="text-xs font-medium text-slate-700">
          Move to lane<span className="sr-only">{` (${name})`}</span>
        </label>
        <select
          id={id}
          ref={select}
          value={target}
          onChange={(event) => setTarget(event.target.value as LifecycleLane)}
          className={`rounded-md border border-slate-300 bg-white px-2 py-1 text-sm ${TOUCH_FIELD}`}
        >
          {others.map((l) => (
            <option key={l.lane} value={l.lane}>
              {l.label}
            </option>
          ))}
        </select>
      </div>
      <button
        type="submit"
        disabled={pending}
        className={`rounded-md bg-blue-700 px-3 py-1 text-sm font-medium text-white hover:bg-blue-800 disabled:opacity-60 ${TOUCH_FIELD}`}
      >
        Move<span className="sr-only">{` ${name}`}</span>
      </button>
      <button type="button" onClick={onCancel} className={`px-1 py-1 text-sm text-slate-700 underline ${TOUCH_FIELD}`}>
        Cancel
      </button>
      {state !== shownState && (state.status === "error" || state.status === "conflict") && (
        <p className="w-full text-sm text-red-700">{state.formError}</p>
      )}
    </form>
  );
}
