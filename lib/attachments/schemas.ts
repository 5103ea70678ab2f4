import { z } from "../zod";
import { optionalText } from "../text";
import { ATTACHMENT_LABEL_MAX } from "./vocabulary";

// Forms for evidence files already uploaded (uploads themselves go through the upload route).
const attachmentId = z.uuid("That evidence file is not valid. Reload the page.");

export const relabelAttachmentSchema = z.object({ attachmentId, label: optionalText(ATTACHMENT_LABEL_MAX) });
export const deleteAttachmentSchema = z.object({ attachmentId });
