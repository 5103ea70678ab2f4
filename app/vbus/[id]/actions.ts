"use server";
import { revalidatePath } from "next/cache";
import { userAction } from "@/lib/action";
import { deleteAttachment, type EvidenceChanged, relabelAttachment } from "@/lib/attachments/attachments";
import { deleteAttachmentSchema, relabelAttachmentSchema } from "@/lib/attachments/schemas";
import { BOARD_PATH } from "@/lib/board/filters";
import { proofPointDeletedMessage, thesisDeletedMessage } from "@/lib/canvas/deletion";
import type { CanvasSnapshot, OrderConflict, ProofPointConflict, ThesisConflict } from "@/lib/canvas/conflicts";
import {
  addProofPointSchema,
  addThesisSchema,
  deleteProofPointSchema,
  deleteThesisSchema,
  editProofPointSchema,
  editThesisSchema,
  reorderThesesSchema,
  saveCanvasSchema,
  setCurrentlyTestingSchema,
} from "@/lib/canvas/schemas";
import {
  addProofPoint,
  addThesis,
  deleteProofPoint,
  deleteThesis,
  editProofPoint,
  editThesis,
  reorderTheses,
  saveCanvas,
  setCurrentlyTesting,
} from "@/lib/canvas/write";

// Thin: the wrapper authenticates and parses; lib/canvas/write authorises the exact canvas.
function revalidateCanvas(vbuId: string) {
  revalidatePath(`/vbus/${vbuId}`);
  revalidatePath(BOARD_PATH);
}

const done = (vbuId: string, message: string) => {
  revalidateCanvas(vbuId);
  return { status: "success" as const, message };
};

export const saveCanvasAction = userAction<typeof saveCanvasSchema, CanvasSnapshot>(
  saveCanvasSchema,
  async (input, user) => {
    const { version } = await saveCanvas(user, input);
    return { ...done(input.vbuId, "Canvas saved."), version };
  },
);

export const addThesisAction = userAction(addThesisSchema, async (input, user) => {
  await addThesis(user, input);
  return done(input.vbuId, "Thesis added.");
});

export const editThesisAction = userAction<typeof editThesisSchema, ThesisConflict>(
  editThesisSchema,
  async (input, user) => {
    await editThesis(user, input);
    return done(input.vbuId, "Thesis saved.");
  },
);

export const deleteThesisAction = userAction(deleteThesisSchema, async (input, user) => {
  return done(input.vbuId, thesisDeletedMessage(await deleteThesis(user, input)));
});

export const reorderThesesAction = userAction<typeof reorderThesesSchema, OrderConflict>(
  reorderThesesSchema,
  async (input, user) => {
    await reorderTheses(user, input);
    return done(input.vbuId, "Theses reordered.");
  },
);

export const addProofPointAction = userAction(addProofPointSchema, async (input, user) => {
  await addProofPoint(user, input);
  return done(input.vbuId, "Proof point added.");
});

export const editProofPointAction = userAction<typeof editProofPointSchema, ProofPointConflict>(
  editProofPointSchema,
  async (input, user) => {
    await editProofPoint(user, input);
    return done(input.vbuId, "Proof point saved.");
  },
);

export const deleteProofPointAction = userAction(deleteProofPointSchema, async (input, user) => {
  return done(input.vbuId, proofPointDeletedMessage(await deleteProofPoint(user, input)));
});

export const setCurrentlyTestingAction = userAction(setCurrentlyTestingSchema, async (input, user) => {
  await setCurrentlyTesting(user, input);
  return done(input.vbuId, input.target ? "Currently testing updated." : "Currently testing cleared.");
});

// Evidence of a proof point shows on the canvas; a review's on the canvas's review page too.
const evidenceDone = ({ vbuId, reviewMonth }: EvidenceChanged, message: string) => {
  if (reviewMonth) revalidatePath(`/vbus/${vbuId}/reviews/${reviewMonth}`);
  return done(vbuId, message);
};

export const relabelAttachmentAction = userAction(relabelAttachmentSchema, async (input, user) => {
  return evidenceDone(await relabelAttachment(user, input), input.label ? "Label saved." : "Label removed.");
});

export const deleteAttachmentAction = userAction(deleteAttachmentSchema, async (input, user) => {
  return evidenceDone(await deleteAttachment(user, input), "Evidence file deleted.");
});
