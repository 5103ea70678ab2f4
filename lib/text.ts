import { z } from "zod";

// Text rules shared by every form: trimmed of spaces and invisible characters at both ends,
// free of control characters (PostgreSQL refuses NUL; the rest only hide things), bounded.

const EDGE_SPACE = /^[\s\u200B-\u200D\u2060\uFEFF]+|[\s\u200B-\u200D\u2060\uFEFF]+$/g;
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

const cleaned = (max: number) =>
  z
    .string()
    .transform((value) => value.replace(EDGE_SPACE, ""))
    .pipe(
      z
        .string()
        .max(max, `Keep it to ${max} characters or fewer.`)
        .refine((value) => !CONTROL.test(value), "Remove the control characters from this text."),
    );

/** Required text: not blank (spaces or invisible characters only count as blank). */
export const requiredText = (what: string, max = 255) =>
  z
    .string(`Enter ${what}.`)
    .pipe(cleaned(max))
    .pipe(z.string().min(1, `Enter ${what}.`));

/** Optional text: blank means none (null). */
export const optionalText = (max: number) => cleaned(max).transform((value) => (value === "" ? null : value));
