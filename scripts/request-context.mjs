// Loaded into each `npm start` worker before Next.js (node --import), beside client-address.mjs.
// Each request runs in a context of its own (lib/request-context.ts reads it): an id, sent back
// as X-Request-Id and written on every log line about it, and a flag the database layer sets
// when PostgreSQL could not be reached. Next.js answers an error thrown by a page with 500;
// when that flag is set, the answer becomes 503 with Retry-After instead: the database is
// away for a moment, nothing in the app is broken, and clients and proxies may try again.
import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import http from "node:http";

const requests = new AsyncLocalStorage();
globalThis[Symbol.for("canvas.request-context")] = requests;
const RETRY_AFTER_SECONDS = "5";
const createServer = http.createServer;

http.createServer = function createServerWithRequestContext(...args) {
  const server = createServer.apply(this, args);
  const emit = server.emit;
  server.emit = function emitInRequestContext(event, request, response, ...rest) {
    if (event !== "request") return emit.call(this, event, request, response, ...rest);
    const context = { id: randomUUID(), databaseUnavailable: false };
    response.setHeader("X-Request-Id", context.id);
    const writeHead = response.writeHead;
    // Every response's head goes through writeHead, also when Next.js only sets statusCode.
    response.writeHead = function writeHeadOfUnavailable(statusCode, ...more) {
      if (context.databaseUnavailable && statusCode >= 500) {
        statusCode = 503;
        if (typeof more[0] === "string") more[0] = "Service Unavailable";
        this.setHeader("Retry-After", RETRY_AFTER_SECONDS);
        this.setHeader("Cache-Control", "no-store");
      }
      return writeHead.call(this, statusCode, ...more);
    };
    return requests.run(context, () => emit.call(this, event, request, response, ...rest));
  };
  return server;
};
