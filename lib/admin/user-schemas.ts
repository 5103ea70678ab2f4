import { z } from "zod";
import { userRole } from "../../db/schema";
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "../auth/limits";
import { requiredText } from "../text";

// Forms of the users admin page, shared by the client resolver and the server actions.

const id = z.uuid("Choose a user.");
export const createUserSchema = z.object({
  name: requiredText("a name"),
  email: requiredText("an email address").pipe(z.email("Enter a valid email address.")),
  role: z.enum(userRole.enumValues, "Choose a role."),
  temporaryPassword: z
    .string()
    .min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters.`)
    .max(MAX_PASSWORD_LENGTH, `Keep it to ${MAX_PASSWORD_LENGTH} characters or fewer.`),
});

export const changeRoleSchema = z.object({ userId: id, role: z.enum(userRole.enumValues, "Choose a role.") });
export const userIdSchema = z.object({ userId: id });
