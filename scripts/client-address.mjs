// Loaded into each `npm start` worker before Next.js (node --import): every request gets the
// address its connection really came from in x-canvas-client-address, set here and never
// taken from the client. Next.js itself only fills X-Forwarded-For when the client did not
// send one, so that header alone cannot say who is asking (lib/auth/client-address.ts).
import http from "node:http";

const HEADER = "x-canvas-client-address";
// Tells lib/auth/client-address.ts the header can be trusted: in a process without this hook,
// a client could have written it.
globalThis[Symbol.for("canvas.client-address-hook")] = true;
const createServer = http.createServer;

http.createServer = function createServerWithClientAddress(...args) {
  const server = createServer.apply(this, args);
  server.prependListener("request", (request) => {
    request.headers[HEADER] = request.socket.remoteAddress ?? "";
  });
  return server;
};
