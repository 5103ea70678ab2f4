// The `npm start` preloads' logger (scripts/request-context.mjs): pino, one JSON object per
// line on stdout, with the same redaction as the app's (lib/log.ts). The access line it
// writes holds only fields built here (id, method, route pattern, status, duration), never a
// URL, a header or a body; the redaction guards whatever is added later.
import pino from "pino";
import redaction from "../lib/ops/log-redaction.json" with { type: "json" };

export const logger = pino({
  base: { pid: process.pid },
  redact: { paths: redaction.paths, censor: redaction.censor },
});
