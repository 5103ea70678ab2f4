import type { KeyboardEvent } from "react";

/**
 * For an inline form's onKeyDown: Escape closes it, as its Cancel button does (the opener's
 * useFocusReturn then puts the keyboard back on the button that opened it). An Escape something
 * inside already handled (an open native picker) is left alone.
 */
export function closeOnEscape(close: () => void) {
  return (event: KeyboardEvent) => {
    if (event.key !== "Escape" || event.defaultPrevented) return;
    event.preventDefault();
    event.stopPropagation();
    close();
  };
}
