"use client";

import { DatabaseUnavailableError } from "@/lib/errors";
import { DatabaseUnavailable, SomethingWentWrong } from "./_components/database-unavailable";
import "./globals.css";

// The root layout itself failed (its header reads the session on every page, so a database
// outage lands here): the same pages as app/error.tsx, in a document of their own.
export default function GlobalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en">
      <head>
        <title>
          {error.digest === DatabaseUnavailableError.digest ? "Temporarily unavailable · Canvas" : "Error · Canvas"}
        </title>
      </head>
      <body className="min-h-screen font-sans">
        <main className="mx-auto max-w-7xl px-6 py-8">
          {error.digest === DatabaseUnavailableError.digest ? (
            <DatabaseUnavailable />
          ) : (
            <SomethingWentWrong retry={reset} reference={error.digest} />
          )}
        </main>
      </body>
    </html>
  );
}
