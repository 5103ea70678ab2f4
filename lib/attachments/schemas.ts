import { z } from "zod";
import { optionalText } from "../text";

// Forms for evidence files already uploaded (uploads themselves go through the upload route).
const attachmentId = z.uuid("That evidence file is not valid. Reload the page.");

export const relabelAttachmentSchema = z.object({ attachmentId, label: optionalText(255) });
export const deleteAttachmentSchema = z.object({ attachmentId });

export const ATTACHMENT_ACCEPT = ".png,.jpg,.jpeg,.gif,.pdf,.csv,.xlsx";
