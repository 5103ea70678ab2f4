import { z } from "../zod";
import { lifecycleLane } from "../../db/schema";
import { requiredText } from "../text";

// Forms of the VBUs admin page, shared by the client resolver and the server actions.
const vbuId = z.uuid("Choose a VBU.");
const gmId = z.uuid("Choose a GM.");

export const createVbuSchema = z.object({
  name: requiredText("the VBU's name"),
  gmId,
  lane: z.enum(lifecycleLane.enumValues, "Choose a lifecycle lane."),
});
export const renameVbuSchema = z.object({ vbuId, name: requiredText("the VBU's name") });
export const reassignGmSchema = z.object({ vbuId, gmId });
export const vbuIdSchema = z.object({ vbuId });
