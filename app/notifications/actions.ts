"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { userAction } from "@/lib/action";
import { listNotificationTarget } from "@/lib/notifications/read";
import { markNotificationsRead } from "@/lib/notifications/write";
import { z } from "@/lib/zod";

// Thin: the wrapper authenticates and parses; lib/notifications marks only the caller's own.
const notificationId = z.object({ notificationId: z.uuid("That notification is not valid. Reload the page.") });

/** Opens a notification: marks it read and goes where it leads. */
export const openNotificationAction = userAction(notificationId, async (input, user) => {
  const target = await listNotificationTarget(user, input.notificationId);
  await markNotificationsRead(user, [input.notificationId]);
  revalidatePath("/", "layout");
  redirect(target);
});

export const markNotificationReadAction = userAction(notificationId, async (input, user) => {
  await listNotificationTarget(user, input.notificationId); // someone else's: not found
  await markNotificationsRead(user, [input.notificationId]);
  revalidatePath("/", "layout");
  return { status: "success", message: "Marked read." };
});

export const markAllNotificationsReadAction = userAction(z.object({}), async (_input, user) => {
  await markNotificationsRead(user, "all");
  revalidatePath("/", "layout");
  return { status: "success", message: "All marked read." };
});
