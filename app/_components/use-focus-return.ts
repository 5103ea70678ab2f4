"use client";
import { useEffect, useRef } from "react";

/**
 * For a button that opens something in its place (a form, a question): once that closes, the
 * keyboard goes back to the button. Focused after React has put the button back, not on a timer.
 */
export function useFocusReturn<T extends HTMLElement>(open: boolean) {
  const opener = useRef<T>(null);
  const wasOpen = useRef(open);
  useEffect(() => {
    if (wasOpen.current && !open) opener.current?.focus();
    wasOpen.current = open;
  }, [open]);
  return opener;
}
