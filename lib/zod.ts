import { z } from "zod";

// The one zod every module uses (eslint.config.mjs forbids importing "zod" elsewhere), set up
// before any schema is built: `jitless` stops zod probing `new Function("")` when it builds an
// object schema, which a strict Content-Security-Policy (no 'unsafe-eval', lib/security/headers.ts)
// refuses and reports as a violation on every page that builds a schema in the browser.
// Schemas parse the same way, without the compiled fast path.
z.config({ jitless: true });

export { z };
