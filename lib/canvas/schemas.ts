import { z } from "../zod";
import { currentlyTestingType, lifecycleLane, proofPointStatus } from "../../db/schema";
import { optionalText, requiredText } from "../text";
import { LONG_TEXT_MAX, MAX_THESES, SHORT_TEXT_MAX } from "./vocabulary";

// The canvas page's forms, shared by the client resolvers and the server actions.
// FormData values are strings: numbers are coerced, blank optional text becomes null.

const uuid = (what: string) => z.uuid(`${what} is not valid. Reload the page.`);

export const canvasFieldsSchema = z.object({
  productName: optionalText(SHORT_TEXT_MAX),
  lifecycleLane: z.enum(lifecycleLane.enumValues, "Choose a lifecycle lane."),
  successDescription: optionalText(LONG_TEXT_MAX),
  futureStateIntent: optionalText(LONG_TEXT_MAX),
  primaryFocus: optionalText(SHORT_TEXT_MAX),
  resistDoing: optionalText(LONG_TEXT_MAX),
  goodDiscipline: optionalText(LONG_TEXT_MAX),
  primaryConstraint: optionalText(LONG_TEXT_MAX),
  /** Admins only; absent from a GM's form. */
  portfolioNotes: optionalText(LONG_TEXT_MAX).optional(),
});

export const saveCanvasSchema = canvasFieldsSchema.extend({
  vbuId: uuid("The VBU"),
  /** The version the form was read at: a save based on an older one is refused. */
  version: z.coerce.number("The canvas version is missing. Reload the page.").int().min(1),
});

/** A lane move from the board: the canvas's lane alone, on the same version rule as a save. */
export const moveLaneSchema = z.object({
  vbuId: uuid("The VBU"),
  lane: z.enum(lifecycleLane.enumValues, "Choose a lane."),
  /** The canvas version the board was rendered with: a move based on an older one is refused. */
  version: saveCanvasSchema.shape.version,
});

export type CanvasFieldName = Exclude<keyof z.output<typeof canvasFieldsSchema>, never>;

/** The canvas's fields, in the one order the editor and the read view both list them. */
export const CANVAS_FIELD_LABELS: Record<CanvasFieldName, string> = {
  productName: "Product name",
  lifecycleLane: "Lifecycle lane",
  successDescription: "Success description",
  futureStateIntent: "Future state intent",
  primaryFocus: "Primary focus",
  resistDoing: "Resist doing",
  goodDiscipline: "Good discipline",
  primaryConstraint: "Primary constraint",
  portfolioNotes: "Portfolio notes",
};

export const CANVAS_FIELDS = Object.keys(CANVAS_FIELD_LABELS) as readonly CanvasFieldName[];

/** One line under each field's label: what belongs there. */
export const CANVAS_FIELD_HINTS: Record<CanvasFieldName, string> = {
  productName: "The name customers know it by.",
  lifecycleLane: "Where it is in its life: building, selling, milking or reframing.",
  successDescription: "What will be true when this VBU has succeeded, in plain words.",
  futureStateIntent: "Where this VBU is heading in the next few years.",
  primaryFocus: "The one thing that matters most right now.",
  resistDoing: "The tempting work you will say no to.",
  goodDiscipline: "The habit you keep even when it is inconvenient.",
  primaryConstraint: "What limits progress most today.",
  portfolioNotes: "Written by portfolio managers.",
};

/** What an empty field says where it is read, not edited. */
export const NOT_WRITTEN_YET = "Not written yet";

// ---------------------------------------------------------------------------- theses

export const addThesisSchema = z.object({
  vbuId: uuid("The VBU"),
  text: requiredText("the thesis", LONG_TEXT_MAX),
});

export const editThesisSchema = z.object({
  vbuId: uuid("The VBU"),
  thesisId: uuid("The thesis"),
  text: requiredText("the thesis", LONG_TEXT_MAX),
  /** A fingerprint of the thesis the edit started from: if someone changed it since, the edit is refused. */
  previous: z.string().max(100),
});

export const deleteThesisSchema = z.object({ vbuId: uuid("The VBU"), thesisId: uuid("The thesis") });

/** Comma-separated thesis ids. */
const idList = z
  .string()
  .max(MAX_THESES * 37)
  .transform((value) => (value === "" ? [] : value.split(",")))
  .pipe(z.array(uuid("A thesis")).max(MAX_THESES));

export const reorderThesesSchema = z.object({
  vbuId: uuid("The VBU"),
  /** The order the person saw… */
  previousOrder: idList,
  /** …and the order they want. */
  order: idList,
});

// ---------------------------------------------------------------------------- proof points

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** A month picker's value (YYYY-MM), stored as the first day of that month; blank is none. */
export const reviewMonth = z
  .string()
  .trim()
  .superRefine((value, ctx) => {
    if (value === "") return;
    if (!MONTH.test(value)) ctx.addIssue({ code: "custom", message: "Choose a month (YYYY-MM)." });
    else if (value < "2000-01" || value > "2100-12") {
      ctx.addIssue({ code: "custom", message: "Choose a month between 2000 and 2100." });
    }
  })
  .transform((value) => (value === "" ? null : `${value}-01`));

const proofPointFields = {
  description: requiredText("what would prove it", LONG_TEXT_MAX),
  status: z.enum(proofPointStatus.enumValues, "Choose a status."),
  evidenceNote: optionalText(LONG_TEXT_MAX),
  targetReviewMonth: reviewMonth,
};

export const addProofPointSchema = z.object({
  vbuId: uuid("The VBU"),
  thesisId: uuid("The thesis"),
  ...proofPointFields,
});

export const editProofPointSchema = z.object({
  vbuId: uuid("The VBU"),
  proofPointId: uuid("The proof point"),
  ...proofPointFields,
  /** A fingerprint of the values the edit started from: if someone changed them since, the edit is refused. */
  previous: z.string().max(100),
});

export const deleteProofPointSchema = z.object({ vbuId: uuid("The VBU"), proofPointId: uuid("The proof point") });

// ---------------------------------------------------------------------------- currently testing

export const setCurrentlyTestingSchema = z.object({
  vbuId: uuid("The VBU"),
  /** "thesis:<id>", "proof_point:<id>" or "" for nothing. */
  target: z
    .string()
    .max(60)
    .transform((value, ctx) => {
      if (value === "") return null;
      const parts = value.split(":");
      const [type, id] = parts.length === 2 ? parts : [];
      const parsedType = z.enum(currentlyTestingType.enumValues).safeParse(type);
      const parsedId = z.uuid().safeParse(id);
      if (!parsedType.success || !parsedId.success) {
        ctx.addIssue({ code: "custom", message: "Choose a thesis or a proof point of this canvas." });
        return z.NEVER;
      }
      return { type: parsedType.data, id: parsedId.data };
    }),
});
