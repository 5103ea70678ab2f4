import { z } from "./zod";

// Text rules shared by every form and by file names: trimmed of spaces and invisible characters
// at both ends, free of hidden characters (PostgreSQL refuses NUL; the rest hide or reorder
// what is shown), bounded. Server and browser import these: the rule is spelled once.

const EDGE_SPACE = /^[\s\u200B-\u200D\u2060\uFEFF]+|[\s\u200B-\u200D\u2060\uFEFF]+$/g;

// Bidirectional controls reorder what is shown: "invoice\u202Efdp.png" reads "invoicegnp.pdf".
const BIDI_CONTROLS = "\\u061C\\u200E\\u200F\\u202A-\\u202E\\u2066-\\u2069";
// In text: every control but tab and line breaks, and every bidirectional control. Other
// invisible format characters stay: emoji and some scripts need joiners (U+200C, U+200D).
const HIDDEN_IN_TEXT = new RegExp(`(?![\\t\\n\\r])[\\p{Cc}${BIDI_CONTROLS}]`, "u");
// In a file name: every control and every invisible format character (category Cf: the
// bidirectional controls, zero-width characters, the soft hyphen, the byte-order mark).
const HIDDEN_IN_NAME = /[\p{Cc}\p{Cf}]/u;

/** The first hidden character in a text or a file name, as "U+202E"; null when there is none. */
export function hiddenCharacterIn(value: string, where: "text" | "name"): string | null {
  const found = (where === "name" ? HIDDEN_IN_NAME : HIDDEN_IN_TEXT).exec(value)?.[0];
  return found ? `U+${found.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}` : null;
}

/** A text field the request did not carry at all (a hand-made request, or a stale page). */
export const MISSING_FIELD = "This field is missing. Reload the page and try again.";

const cleaned = (max: number) =>
  z
    .string(MISSING_FIELD)
    .transform((value) => value.replace(EDGE_SPACE, ""))
    .pipe(
      z
        .string()
        .max(max, `Keep it to ${max} characters or fewer.`)
        .check((ctx) => {
          const hidden = hiddenCharacterIn(ctx.value, "text");
          if (hidden) {
            ctx.issues.push({
              code: "custom",
              input: ctx.value,
              message: `Remove the hidden character ${hidden} from this text.`,
            });
          }
        }),
    );

/** Required text: not blank (spaces or invisible characters only count as blank). */
export const requiredText = (what: string, max = 255) =>
  z
    .string(`Enter ${what}.`)
    .pipe(cleaned(max))
    .pipe(z.string().min(1, `Enter ${what}.`));

/** Optional text: blank means none (null). */
export const optionalText = (max: number) => cleaned(max).transform((value) => (value === "" ? null : value));
