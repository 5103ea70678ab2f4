"use server";
import { revalidatePath } from "next/cache";
import { userAction } from "@/lib/action";
import { addCommentSchema, deleteCommentSchema, editCommentSchema } from "@/lib/comments/schemas";
import { addComment, deleteComment, editComment } from "@/lib/comments/write";

// Thin: the wrapper authenticates and parses; lib/comments/write authorises the exact thread.
// Every VBU's comments page shows its own thread: revalidating the comments route covers them.
const done = (message: string) => {
  revalidatePath("/vbus/[id]/comments", "page");
  revalidatePath("/notifications");
  return { status: "success" as const, message };
};

export const addCommentAction = userAction(addCommentSchema, async (input, user) => {
  await addComment(user, input);
  return done("Comment posted.");
});

export const editCommentAction = userAction(editCommentSchema, async (input, user) => {
  await editComment(user, input, new Date());
  return done("Comment saved.");
});

export const deleteCommentAction = userAction(deleteCommentSchema, async (input, user) => {
  await deleteComment(user, input);
  return done("Comment deleted.");
});
