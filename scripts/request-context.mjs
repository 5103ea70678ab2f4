// Loaded into each `npm start` worker before Next.js (node --import), beside client-address.mjs.
// Each request runs in a context of its own (lib/request-context.ts reads it): an id, sent back
// as X-Request-Id and written on every log line about it, and a flag the database layer sets
// when PostgreSQL could not be reached. Next.js answers an error thrown by a page with 500;
// when that flag is set, the answer becomes 503 with Retry-After instead: the database is
// away for a moment, nothing in the app is broken, and clients and proxies may try again.
//
// The access log is written here too: Next.js's server writes none, and this is the one place
// every request passes, the static files, the proxy's refusals and the 404s included, and
// where the final status and the time to the last byte are known. One JSON line per request
// (scripts/logger.mjs): id, method, route pattern (scripts/route-pattern.mjs), status,
// duration, and the digest of a page's error (lib/request-context.ts noteErrorDigest), which
// is the reference the error page shows. The worker's graceful stop counts the same requests
// (scripts/graceful-shutdown.mjs).
import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import http from "node:http";
import { isStopping, trackRequest, trackServer } from "./graceful-shutdown.mjs";
import { logger } from "./logger.mjs";
import { routePatterns } from "./route-pattern.mjs";

const requests = new AsyncLocalStorage();
globalThis[Symbol.for("canvas.request-context")] = requests;
const RETRY_AFTER_SECONDS = "5";
const createServer = http.createServer;
const routeOf = routePatterns();

function logRequest(context, request, response, started) {
  const line = {
    requestId: context.id,
    method: request.method,
    route: routeOf(request.url),
    status: response.statusCode,
    ms: Math.round(performance.now() - started),
  };
  if (context.digest) line.digest = context.digest;
  // A response cut before its end (the client went away, or the stop's grace period ran out).
  if (!response.writableFinished) line.aborted = true;
  const level = line.status >= 500 ? "error" : "info";
  logger[level](line, "request");
}

http.createServer = function createServerWithRequestContext(...args) {
  const server = createServer.apply(this, args);
  trackServer(server);
  const emit = server.emit;
  server.emit = function emitInRequestContext(event, request, response, ...rest) {
    if (event !== "request") return emit.call(this, event, request, response, ...rest);
    const started = performance.now();
    const context = { id: randomUUID(), databaseUnavailable: false, digest: undefined };
    response.setHeader("X-Request-Id", context.id);
    trackRequest(response);
    response.once("close", () => logRequest(context, request, response, started));
    const writeHead = response.writeHead;
    // Every response's head goes through writeHead, also when Next.js only sets statusCode.
    response.writeHead = function writeHeadOfUnavailable(statusCode, ...more) {
      if (context.databaseUnavailable && statusCode >= 500) {
        statusCode = 503;
        if (typeof more[0] === "string") more[0] = "Service Unavailable";
        this.setHeader("Retry-After", RETRY_AFTER_SECONDS);
        this.setHeader("Cache-Control", "no-store");
      }
      // Stopping: this connection takes no further request.
      if (isStopping()) this.setHeader("Connection", "close");
      return writeHead.call(this, statusCode, ...more);
    };
    return requests.run(context, () => emit.call(this, event, request, response, ...rest));
  };
  return server;
};
