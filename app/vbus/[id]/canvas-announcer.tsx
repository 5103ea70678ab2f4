"use client";
import { createContext, useCallback, useContext, useEffect, useRef, useState } from "react";
import { type ActionState, IDLE } from "@/lib/action-state";

type Announce = (text: string, options?: { focus?: boolean; failed?: boolean }) => void;

const AnnounceContext = createContext<Announce>(() => {});

/** Says something in the theses section's one message line (see CanvasAnnouncer). */
export const useAnnounce = () => useContext(AnnounceContext);

/**
 * One message line for what happens to the theses, their proof points and evidence. Each new
 * message replaces the last, so an old success never stands beside newer state. After a
 * delete the keyboard goes to the message (what it was on is gone), so it is read out and
 * Tab carries on from there.
 */
export function CanvasAnnouncer({ children }: { children: React.ReactNode }) {
  const [message, setMessage] = useState<{ text: string; failed: boolean; focus: boolean } | null>(null);
  const line = useRef<HTMLParagraphElement>(null);
  const announce = useCallback<Announce>(
    (text, { focus = false, failed = false } = {}) => setMessage({ text, failed, focus }),
    [],
  );
  useEffect(() => {
    if (message?.focus) line.current?.focus();
  }, [message]);
  return (
    <AnnounceContext value={announce}>
      <p
        ref={line}
        tabIndex={-1}
        role="status"
        className={
          message
            ? `rounded-md border px-3 py-2 text-sm focus:ring-2 focus:ring-blue-600/40 focus:outline-none ${
                message.failed ? "border-red-200 bg-red-50 text-red-800" : "border-green-200 bg-green-50 text-green-800"
              }`
            : "sr-only"
        }
      >
        {message?.text ?? ""}
      </p>
      {children}
    </AnnounceContext>
  );
}

/**
 * A form's success goes to the theses section's one message line, where the next action's
 * message replaces it (a form closing on success, or one that stays, would otherwise keep its
 * "saved" beside newer news); the form keeps its errors.
 */
export function useAnnounceSuccess(state: ActionState<unknown>) {
  const announce = useAnnounce();
  useEffect(() => {
    if (state.status === "success" && state.message) announce(state.message);
  }, [state, announce]);
}

export const failureOf = <C,>(state: ActionState<C>): ActionState<C> => (state.status === "success" ? IDLE : state);
