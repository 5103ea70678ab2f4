import { z } from "../zod";
import { userRole } from "../../db/schema";
import { changePasswordSchema } from "../auth/password-schema";
import { requiredText } from "../text";

// Forms of the users admin page, shared by the client resolver and the server actions.

const id = z.uuid("Choose a user.");
export const createUserSchema = z.object({
  name: requiredText("a name"),
  email: requiredText("an email address").pipe(z.email("Enter a valid email address.")),
  role: z.enum(userRole.enumValues, "Choose a role."),
  /** The same rule as any new password. */
  temporaryPassword: changePasswordSchema.shape.newPassword,
});

export const changeRoleSchema = z.object({ userId: id, role: z.enum(userRole.enumValues, "Choose a role.") });
export const userIdSchema = z.object({ userId: id });
