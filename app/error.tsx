"use client";

import { DatabaseUnavailableError } from "@/lib/errors";
import { DatabaseUnavailable, SomethingWentWrong } from "./_components/database-unavailable";

// A page that failed. Its server error reaches the browser as a digest only (Next.js redacts
// the message), and is logged on the server by then; nothing here is logged again.
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  if (error.digest === DatabaseUnavailableError.digest) return <DatabaseUnavailable />;
  return <SomethingWentWrong retry={reset} reference={error.digest} />;
}
