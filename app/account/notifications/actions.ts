"use server";
import { revalidatePath } from "next/cache";
import { userAction } from "@/lib/action";
import { savePreferences } from "@/lib/mail/choose";
import { preferencesSchema } from "@/lib/mail/schemas";
import { PREFERENCES_PATH } from "@/lib/mail/vocabulary";

// Saves only the caller's own choices (lib/mail/choose.ts decides, on their row as it is now).
export const savePreferencesAction = userAction(preferencesSchema, async (input, user) => {
  await savePreferences(user, input);
  revalidatePath(PREFERENCES_PATH);
  return { status: "success", message: "Notification settings saved." };
});
