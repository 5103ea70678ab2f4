// The app logs through pino (lib/log.ts), which writes past `console` and is silent in tests.
// Tests check that a failure is logged, or that nothing is, by spying on console.error: here
// the app's logger writes each line it logs (errors: the only level lib/ logs at) to it.
import { createLogger } from "../../lib/log";

(globalThis as unknown as { canvasLogger?: ReturnType<typeof createLogger> }).canvasLogger = createLogger(
  { write: (line: string) => console.error(line.trimEnd()) },
  "error",
);
