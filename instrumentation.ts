import type { Instrumentation } from "next";

// At boot: the job queue (lib/jobs/runtime.ts), and in `npm start`'s first process the worker.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  const { startJobsInServer } = await import("./lib/jobs/runtime");
  await startJobsInServer();
}

// Next.js calls this for every error a page, a server action or a route handler did not
// catch (the app's own actions and routes catch theirs, lib/action.ts and lib/http.ts). The
// error page shows the error's digest as its reference (app/_components/database-unavailable.tsx);
// the line logged here carries that digest beside the request id, and so does the request's
// access line (scripts/request-context.mjs), so support finds the request from what the person
// read. Never the request's headers: they hold the session cookie.
export const onRequestError: Instrumentation.onRequestError = async (error, _request, context) => {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const [{ logError }, { noteErrorDigest }] = await Promise.all([import("./lib/log"), import("./lib/request-context")]);
  const digest = (error as { digest?: unknown }).digest;
  if (typeof digest === "string") noteErrorDigest(digest);
  logError(`${context.routeType} ${context.routePath}`, error, typeof digest === "string" ? { digest } : {});
};
