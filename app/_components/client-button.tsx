"use client";
import { useHydrated } from "./client-form";

/**
 * A button that only does something once React runs it (opens a form, asks to confirm, moves
 * a thesis): disabled until hydrated, so a press before then is not silently lost.
 */
export function ClientButton({ disabled, ...button }: Omit<React.ComponentProps<"button">, "type">) {
  const hydrated = useHydrated();
  return <button type="button" disabled={!hydrated || disabled} {...button} />;
}
