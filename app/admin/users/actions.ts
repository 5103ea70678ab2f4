"use server";
import { revalidatePath } from "next/cache";
import { userAction } from "@/lib/action";
import { changeRoleSchema, createUserSchema, userIdSchema } from "@/lib/admin/user-schemas";
import { changeRole, createUser, deleteUser, disableUser, enableUser } from "@/lib/admin/users";

const USERS_PAGE = "/admin/users";

export const createUserAction = userAction(createUserSchema, async (input, user) => {
  await createUser(user, input);
  revalidatePath(USERS_PAGE);
  return {
    status: "success",
    message: `${input.name} can now sign in as ${input.email.toLowerCase()} with the temporary password.`,
  };
});

export const changeRoleAction = userAction(changeRoleSchema, async (input, user) => {
  await changeRole(user, input);
  revalidatePath(USERS_PAGE);
  return { status: "success", message: "Role changed." };
});

export const disableUserAction = userAction(userIdSchema, async ({ userId }, user) => {
  await disableUser(user, userId);
  revalidatePath(USERS_PAGE);
  return { status: "success", message: "User disabled and signed out everywhere." };
});

export const enableUserAction = userAction(userIdSchema, async ({ userId }, user) => {
  await enableUser(user, userId);
  revalidatePath(USERS_PAGE);
  return { status: "success", message: "User enabled." };
});

export const deleteUserAction = userAction(userIdSchema, async ({ userId }, user) => {
  await deleteUser(user, userId);
  revalidatePath(USERS_PAGE);
  return { status: "success", message: "User deleted." };
});
