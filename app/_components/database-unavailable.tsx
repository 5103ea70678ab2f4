"use client";

// What a page shows while PostgreSQL cannot be reached (the response is a 503): nothing is
// wrong with what the person did, and the page works again by itself once the database is back.
export function DatabaseUnavailable() {
  return (
    <div className="mx-auto max-w-md space-y-3 text-center">
      <h1 className="text-2xl font-semibold">Canvas is temporarily unavailable</h1>
      <p className="text-slate-700">
        Canvas cannot reach its database just now. Nothing you saved before is lost; try again in a minute.
      </p>
      <button
        type="button"
        onClick={() => window.location.reload()}
        className="rounded-md border border-slate-300 px-3 py-1 text-slate-700 hover:bg-slate-50"
      >
        Try again
      </button>
    </div>
  );
}

/**
 * Any other failure: the message Next.js sends is redacted anyway. A server error's digest is
 * shown as its reference: the server logged it with the request id (instrumentation.ts).
 */
export function SomethingWentWrong({ retry, reference }: { retry: () => void; reference?: string }) {
  return (
    <div className="mx-auto max-w-md space-y-3 text-center">
      <h1 className="text-2xl font-semibold">Something went wrong</h1>
      <p className="text-slate-700">Something went wrong on our side. Please try again.</p>
      {reference ? (
        <p className="text-sm text-slate-600">
          If it keeps happening, give support this reference: <code className="select-all">{reference}</code>
        </p>
      ) : null}
      <button
        type="button"
        onClick={retry}
        className="rounded-md border border-slate-300 px-3 py-1 text-slate-700 hover:bg-slate-50"
      >
        Try again
      </button>
    </div>
  );
}
