"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { userAction } from "@/lib/action";
import { createVbuSchema, reassignGmSchema, renameVbuSchema, vbuIdSchema } from "@/lib/admin/vbu-schemas";
import { createVbu, deleteVbu, reassignGm, renameVbu } from "@/lib/admin/vbus";
import { signNotice } from "@/lib/security/signed-notice";

const VBUS_PAGE = "/admin/vbus";

function revalidateVbus() {
  revalidatePath(VBUS_PAGE);
  revalidatePath("/board");
}

export const createVbuAction = userAction(createVbuSchema, async (input, user) => {
  await createVbu(user, input);
  revalidateVbus();
  return { status: "success", message: `${input.name} created.` };
});

export const renameVbuAction = userAction(renameVbuSchema, async (input, user) => {
  await renameVbu(user, input);
  revalidateVbus();
  return { status: "success", message: `Renamed to ${input.name}.` };
});

export const reassignGmAction = userAction(reassignGmSchema, async (input, user) => {
  await reassignGm(user, input);
  revalidateVbus();
  return { status: "success", message: "GM reassigned." };
});

export const deleteVbuAction = userAction(vbuIdSchema, async ({ vbuId }, user) => {
  const { name } = await deleteVbu(user, vbuId);
  revalidateVbus();
  // Signed: the page shows only a name this server put in the link.
  redirect(`${VBUS_PAGE}?deleted=${signNotice("vbu-deleted", name)}`);
});
