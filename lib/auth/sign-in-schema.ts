import { z } from "../zod";
import { MAX_PASSWORD_LENGTH } from "./limits";

// The sign-in form, for the client resolver and the server action alike.
export const signInSchema = z.object({
  email: z
    .string()
    .trim()
    .min(1, "Enter your email address.")
    .max(255, "That email address is too long.")
    .pipe(z.email("Enter a valid email address.")),
  password: z.string().min(1, "Enter your password.").max(MAX_PASSWORD_LENGTH, "That password is too long."),
  /** Where to go afterwards (checked by safeReturnPath). */
  next: z.string().max(2048).optional(),
});
export type SignInInput = z.infer<typeof signInSchema>;
