// Checked by `npm run typecheck`, never run: what crosses the wire is typed, so a form that
// reads an action's conflict as something it is not does not compile. Each @ts-expect-error
// fails the typecheck the day its line compiles.
import type { useConflict } from "../../app/_components/use-action-form";
import type { editProofPointAction, saveCanvasAction } from "../../app/vbus/[id]/actions";
import type { ProofPointView } from "../../lib/canvas/read";

type StateOf<A extends (...args: never[]) => Promise<unknown>> = Awaited<ReturnType<A>>;
declare const conflictOf: typeof useConflict;
declare const pointState: StateOf<typeof editProofPointAction>;
declare const canvasState: StateOf<typeof saveCanvasAction>;

// A proof point's conflict carries no evidence: it is not a ProofPointView.
// @ts-expect-error Property 'attachments' is missing
conflictOf<ProofPointView>(pointState);

// Read as what the action declared, it has what the form shows, and nothing more.
const [theirPoint] = conflictOf(pointState);
export const description: string | undefined = theirPoint?.description;
// @ts-expect-error the evidence is not part of a proof point's conflict
export const evidence = theirPoint?.attachments;

// A canvas conflict is the canvas as saved now, not a proof point.
// @ts-expect-error Property 'description' is missing
conflictOf<ProofPointView>(canvasState);
const [theirCanvas] = conflictOf(canvasState);
export const savedBy: string | null | undefined = theirCanvas?.savedByName;
