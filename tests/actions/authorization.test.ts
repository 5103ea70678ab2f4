// Every exported server action is a public endpoint. Each one is called here as nobody, as a
// viewer and as a GM aiming at another GM's VBU (or at admin-only work), and must be refused
// with nothing changed (canvas actions aim at Ana's Harbor Logistics, with input that would
// be accepted from Ana). A final test fails when an action module exports something this
// file does not exercise.
import { asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import * as userActions from "../../app/admin/users/actions";
import * as vbuActions from "../../app/admin/vbus/actions";
import * as accountActions from "../../app/account/password/actions";
import * as boardActions from "../../app/board/actions";
import * as signInActions from "../../app/sign-in/actions";
import * as canvasActions from "../../app/vbus/[id]/actions";
import { getDb } from "../../db/client";
import { seedDemo } from "../../db/seed";
import {
  accounts,
  attachments,
  canvases,
  deletedAttachmentFiles,
  proofPoints,
  theses,
  users,
  vbus,
} from "../../db/schema";
import type { ActionState } from "../../lib/action-state";
import { newStoragePath } from "../../lib/attachments/storage";
import { proofPointFingerprint, thesisFingerprint } from "../../lib/canvas/fingerprint";
import { useTempStorage } from "../attachments/support";
import { useAppDatabase } from "../support/app-database";
import { ENGINES } from "../support/database";
import { clearCookies } from "../support/request";
import { type DemoKey, idOf, run, signInAs } from "../support/session";

type Action = (state: ActionState, data: FormData) => Promise<ActionState>;

/** Everything a refused action must leave untouched. */
async function snapshot() {
  const db = getDb();
  return JSON.stringify([
    await db.select().from(users).orderBy(asc(users.id)),
    await db.select().from(accounts).orderBy(asc(accounts.id)),
    await db.select().from(vbus).orderBy(asc(vbus.id)),
    await db.select().from(canvases).orderBy(asc(canvases.id)),
    await db.select().from(theses).orderBy(asc(theses.id)),
    await db.select().from(proofPoints).orderBy(asc(proofPoints.id)),
    await db.select().from(attachments).orderBy(asc(attachments.id)),
    await db.select().from(deletedAttachmentFiles).orderBy(asc(deletedAttachmentFiles.storagePath)),
  ]);
}

async function vbuIdOf(name: string): Promise<string> {
  const rows = await getDb().select({ id: vbus.id, name: vbus.name }).from(vbus);
  return rows.find((r) => r.name === name)!.id;
}

/** Harbor Logistics' canvas as it is now: its version, its theses in order, a proof point of the first. */
async function harbor() {
  const db = getDb();
  const vbuId = await vbuIdOf("Harbor Logistics");
  const [canvas] = await db.select().from(canvases).where(eq(canvases.vbuId, vbuId));
  const thesisRows = await db.select().from(theses).where(eq(theses.canvasId, canvas!.id)).orderBy(asc(theses.order));
  const [point] = await db.select().from(proofPoints).where(eq(proofPoints.thesisId, thesisRows[0]!.id));
  return { vbuId, version: canvas!.version, ordered: thesisRows, point: point! };
}

const HARBOR_EVIDENCE = "harbor-evidence.png";

/** The evidence file on Harbor Logistics planted by the suite (a row only: refused actions never reach storage). */
async function harborAttachment(): Promise<string> {
  const [row] = await getDb()
    .select({ id: attachments.id })
    .from(attachments)
    .where(eq(attachments.filename, HARBOR_EVIDENCE));
  return row!.id;
}

const ONLY_ADMINS = /Only admins/;
const ONLY_THE_GM = /^Only this VBU's GM, or an admin, can change its canvas\.$/;

interface Case {
  name: string;
  action: Action;
  /** Input aimed at a record the caller may not touch. */
  input: () => Promise<Record<string, string>>;
  /** How a signed-in caller without the right (a viewer, another VBU's GM) is refused. */
  refused: RegExp;
}

// Ana is GM of Harbor Logistics; the attacking GM below is Ben.
const CASES: Case[] = [
  {
    name: "createUserAction",
    action: userActions.createUserAction,
    input: async () => ({
      name: "Mallory",
      email: "mallory@canvas.example",
      role: "admin",
      temporaryPassword: "a-long-enough-password",
    }),
    refused: ONLY_ADMINS,
  },
  {
    name: "changeRoleAction",
    action: userActions.changeRoleAction,
    input: async () => ({ userId: await idOf("ben"), role: "admin" }),
    refused: ONLY_ADMINS,
  },
  {
    name: "disableUserAction",
    action: userActions.disableUserAction,
    input: async () => ({ userId: await idOf("ana") }),
    refused: ONLY_ADMINS,
  },
  {
    name: "enableUserAction",
    action: userActions.enableUserAction,
    input: async () => ({ userId: await idOf("ana") }),
    refused: ONLY_ADMINS,
  },
  {
    name: "deleteUserAction",
    action: userActions.deleteUserAction,
    input: async () => ({ userId: await idOf("viewer") }),
    refused: ONLY_ADMINS,
  },
  {
    name: "createVbuAction",
    action: vbuActions.createVbuAction,
    input: async () => ({ name: "Shadow VBU", gmId: await idOf("ben"), lane: "build" }),
    refused: ONLY_ADMINS,
  },
  {
    name: "renameVbuAction",
    action: vbuActions.renameVbuAction,
    input: async () => ({ vbuId: await vbuIdOf("Harbor Logistics"), name: "Taken over" }),
    refused: ONLY_ADMINS,
  },
  {
    name: "reassignGmAction",
    action: vbuActions.reassignGmAction,
    input: async () => ({ vbuId: await vbuIdOf("Harbor Logistics"), gmId: await idOf("ben") }),
    refused: ONLY_ADMINS,
  },
  {
    name: "deleteVbuAction",
    action: vbuActions.deleteVbuAction,
    input: async () => ({ vbuId: await vbuIdOf("Harbor Logistics") }),
    refused: ONLY_ADMINS,
  },
  {
    // The lane of any canvas is the admins' to move on the board (GMs change theirs in the canvas form).
    name: "moveLaneAction",
    action: boardActions.moveLaneAction,
    input: async () => ({ vbuId: await vbuIdOf("Harbor Logistics"), lane: "milk", version: "1" }),
    refused: ONLY_ADMINS,
  },
  {
    name: "saveCanvasAction",
    action: canvasActions.saveCanvasAction,
    input: async () => {
      const { vbuId, version } = await harbor();
      return {
        vbuId,
        version: String(version),
        productName: "Taken over",
        lifecycleLane: "milk",
        successDescription: "",
        futureStateIntent: "",
        primaryFocus: "",
        resistDoing: "",
        goodDiscipline: "",
        primaryConstraint: "",
      };
    },
    refused: ONLY_THE_GM,
  },
  {
    name: "addThesisAction",
    action: canvasActions.addThesisAction,
    input: async () => ({ vbuId: (await harbor()).vbuId, text: "Planted thesis" }),
    refused: ONLY_THE_GM,
  },
  {
    name: "editThesisAction",
    action: canvasActions.editThesisAction,
    input: async () => {
      const { vbuId, ordered } = await harbor();
      return { vbuId, thesisId: ordered[0]!.id, text: "Rewritten", previous: thesisFingerprint(ordered[0]!) };
    },
    refused: ONLY_THE_GM,
  },
  {
    name: "deleteThesisAction",
    action: canvasActions.deleteThesisAction,
    input: async () => {
      const { vbuId, ordered } = await harbor();
      return { vbuId, thesisId: ordered[0]!.id };
    },
    refused: ONLY_THE_GM,
  },
  {
    name: "reorderThesesAction",
    action: canvasActions.reorderThesesAction,
    input: async () => {
      const { vbuId, ordered } = await harbor();
      const ids = ordered.map((t) => t.id);
      return { vbuId, previousOrder: ids.join(","), order: [...ids].reverse().join(",") };
    },
    refused: ONLY_THE_GM,
  },
  {
    name: "addProofPointAction",
    action: canvasActions.addProofPointAction,
    input: async () => {
      const { vbuId, ordered } = await harbor();
      return {
        vbuId,
        thesisId: ordered[0]!.id,
        description: "Planted proof",
        status: "observed",
        evidenceNote: "",
        targetReviewMonth: "2026-01",
      };
    },
    refused: ONLY_THE_GM,
  },
  {
    name: "editProofPointAction",
    action: canvasActions.editProofPointAction,
    input: async () => {
      const { vbuId, point } = await harbor();
      return {
        vbuId,
        proofPointId: point.id,
        description: "Rewritten proof",
        status: "observed",
        evidenceNote: "",
        targetReviewMonth: "",
        previous: proofPointFingerprint(point),
      };
    },
    refused: ONLY_THE_GM,
  },
  {
    name: "deleteProofPointAction",
    action: canvasActions.deleteProofPointAction,
    input: async () => {
      const { vbuId, point } = await harbor();
      return { vbuId, proofPointId: point.id };
    },
    refused: ONLY_THE_GM,
  },
  {
    name: "setCurrentlyTestingAction",
    action: canvasActions.setCurrentlyTestingAction,
    input: async () => {
      const { vbuId, ordered } = await harbor();
      return { vbuId, target: `thesis:${ordered.at(-1)!.id}` };
    },
    refused: ONLY_THE_GM,
  },
  {
    name: "relabelAttachmentAction",
    action: canvasActions.relabelAttachmentAction,
    input: async () => ({ attachmentId: await harborAttachment(), label: "Taken over" }),
    refused: ONLY_THE_GM,
  },
  {
    name: "deleteAttachmentAction",
    action: canvasActions.deleteAttachmentAction,
    input: async () => ({ attachmentId: await harborAttachment() }),
    refused: ONLY_THE_GM,
  },
];

// Actions that need no session, or act only on the caller themselves, each with the reason.
const PUBLIC_ACTIONS: Record<string, string> = {
  changePasswordAction:
    "changes only the caller's own password, after checking the current one (tests/auth/password.test.ts)",
  signInAction: "signing in is how a session starts",
  signOutAction: "only ends the caller's own session",
};

describe.each(ENGINES)("server action authorization on %s", (engine) => {
  const database = useAppDatabase(engine);
  useTempStorage(); // where a wrongly allowed delete would remove files: never the real one
  beforeAll(async () => {
    await seedDemo(database.current().db);
    await getDb()
      .insert(attachments)
      .values({
        proofPointId: (await harbor()).point.id,
        filename: HARBOR_EVIDENCE,
        storagePath: newStoragePath(),
        contentType: "image/png",
        sizeBytes: 70,
        label: "Pilot dashboard",
        uploadedBy: await idOf("ana"),
      });
  });

  // What each caller is refused with, given the case.
  const callers: { who: string; signIn: () => Promise<void>; expected: (c: Case) => RegExp }[] = [
    { who: "nobody", signIn: async () => clearCookies(), expected: () => /session has ended/ },
    { who: "a viewer", signIn: () => signInAs("viewer" as DemoKey), expected: (c) => c.refused },
    { who: "another VBU's GM", signIn: () => signInAs("ben" as DemoKey), expected: (c) => c.refused },
  ];

  for (const c of CASES) {
    const { name, action, input } = c;
    for (const { who, signIn, expected } of callers) {
      it(`${name} refuses ${who} and changes nothing`, async () => {
        await signIn();
        const values = await input();
        const before = await snapshot();
        const result = await run(action, values);
        expect(result).toMatchObject({ status: "error", formError: expect.stringMatching(expected(c)) });
        expect(await snapshot()).toBe(before);
      });
    }
  }

  it("refuses nobody even when the input is invalid (authentication comes before validation)", async () => {
    clearCookies();
    for (const { action } of CASES) {
      expect(await run(action, { vbuId: "not-a-uuid" })).toMatchObject({
        formError: expect.stringMatching(/session has ended/),
      });
    }
  });
});

describe("the action inventory", () => {
  it("covers every exported server action", () => {
    const exported = [
      ...Object.keys(userActions),
      ...Object.keys(vbuActions),
      ...Object.keys(signInActions),
      ...Object.keys(accountActions),
      ...Object.keys(boardActions),
      ...Object.keys(canvasActions),
    ].sort();
    const covered = [...CASES.map((c) => c.name), ...Object.keys(PUBLIC_ACTIONS)].sort();
    expect(exported).toEqual(covered);
  });
});
