"use client";
import { useSyncExternalStore } from "react";

const subscribe = () => () => {};

/** False during server rendering and hydration, true once React runs in the browser. */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}

/**
 * A form whose controls stay disabled until React has hydrated it. Typing into a form that
 * React has not taken over yet would be silently lost (react-hook-form writes its default
 * values into the fields when it attaches), and a submit would reload the page.
 */
export function ClientForm({ className, children, ...form }: React.ComponentProps<"form">) {
  const hydrated = useHydrated();
  return (
    <form {...form}>
      <fieldset disabled={!hydrated} className={`m-0 min-w-0 border-0 p-0 ${className ?? ""}`}>
        {children}
      </fieldset>
    </form>
  );
}
