import { randomUUID } from "node:crypto";
import { eq, inArray } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import {
  changeRoleAction,
  createUserAction,
  deleteUserAction,
  disableUserAction,
  enableUserAction,
} from "../../app/admin/users/actions";
import { createVbuAction, deleteVbuAction, reassignGmAction, renameVbuAction } from "../../app/admin/vbus/actions";
import { signInAction } from "../../app/sign-in/actions";
import { getDb } from "../../db/client";
import { attachments, canvases, proofPoints, theses, users, vbus } from "../../db/schema";
import { listGmChoices, vbuDeletionSummary } from "../../lib/admin/vbus";
import { useSeededAppDatabase } from "../support/app-database";
import { ENGINES } from "../support/database";
import { clearCookies } from "../support/request";
import { actorOf, idOf, run, signInAs } from "../support/session";

const unique = () => randomUUID().slice(0, 8);

async function newUser(role: "gm" | "viewer" | "admin" = "viewer") {
  const email = `user-${unique()}@canvas.example`;
  const result = await run(createUserAction, {
    name: `User ${unique()}`,
    email,
    role,
    temporaryPassword: "temporary-password-1",
  });
  expect(result).toMatchObject({ status: "success" });
  const [row] = await getDb().select().from(users).where(eq(users.email, email));
  return row!;
}

async function newVbu(gmId: string) {
  const name = `VBU ${unique()}`;
  expect(await run(createVbuAction, { name, gmId, lane: "sell" })).toMatchObject({ status: "success" });
  const [row] = await getDb().select().from(vbus).where(eq(vbus.name, name));
  return row!;
}

describe.each(ENGINES)("admin actions on %s", (engine) => {
  useSeededAppDatabase(engine);
  beforeEach(async () => {
    await signInAs("admin");
  });

  describe("users", () => {
    it("creates a user who can then sign in with the temporary password", async () => {
      const email = `New.Person-${unique()}@Canvas.example`;
      const result = await run(createUserAction, {
        name: "  New Person ",
        email,
        role: "gm",
        temporaryPassword: "temporary-password-1",
      });
      expect(result).toMatchObject({ status: "success", message: expect.stringContaining(email.toLowerCase()) });
      const [row] = await getDb().select().from(users).where(eq(users.email, email.toLowerCase()));
      expect(row).toMatchObject({ name: "New Person", role: "gm", disabledAt: null });
      clearCookies();
      expect(await run(signInAction, { email, password: "temporary-password-1" })).toBe("redirected");
    });

    it("answers field errors for bad input, and for an email that exists in another case", async () => {
      expect(
        await run(createUserAction, { name: "   ", email: "nope", role: "owner", temporaryPassword: "short" }),
      ).toMatchObject({
        status: "error",
        fieldErrors: {
          name: ["Enter a name."],
          email: ["Enter a valid email address."],
          role: ["Choose a role."],
          temporaryPassword: ["Use at least 12 characters."],
        },
      });
      expect(
        await run(createUserAction, {
          name: "x".repeat(256),
          email: "a@b.example",
          role: "gm",
          temporaryPassword: "temporary-password-1",
        }),
      ).toMatchObject({
        fieldErrors: { name: ["Keep it to 255 characters or fewer."] },
      });
      expect(
        await run(createUserAction, {
          name: "Twin",
          email: "ANA.SILVA@canvas.example",
          role: "gm",
          temporaryPassword: "temporary-password-1",
        }),
      ).toMatchObject({ status: "error", fieldErrors: { email: ["A user with this email already exists."] } });
    });

    it("changes a role, but not to viewer while the user still runs VBUs, nor the admin's own", async () => {
      const viewer = await newUser("viewer");
      expect(await run(changeRoleAction, { userId: viewer.id, role: "gm" })).toMatchObject({ status: "success" });
      expect((await getDb().select().from(users).where(eq(users.id, viewer.id)))[0]!.role).toBe("gm");

      expect(await run(changeRoleAction, { userId: await idOf("ana"), role: "viewer" })).toMatchObject({
        status: "error",
        formError: "This user is GM of 4 VBUs. Reassign them to another GM first.",
      });
      // A GM may become an admin and stay GM of their VBUs (admins may be GMs), then go back.
      expect(await run(changeRoleAction, { userId: await idOf("ana"), role: "admin" })).toMatchObject({
        status: "success",
      });
      expect(
        (
          await getDb()
            .select()
            .from(users)
            .where(eq(users.id, await idOf("ana")))
        )[0]!.role,
      ).toBe("admin");
      expect(await run(changeRoleAction, { userId: await idOf("ana"), role: "gm" })).toMatchObject({
        status: "success",
      });
      expect(await run(changeRoleAction, { userId: await idOf("admin"), role: "gm" })).toMatchObject({
        formError: expect.stringMatching(/cannot remove your own admin role/),
      });
      expect(await run(changeRoleAction, { userId: randomUUID(), role: "gm" })).toMatchObject({
        formError: expect.stringMatching(/not found/),
      });
    });

    it("disables and enables a user; an admin cannot disable themselves", async () => {
      const someone = await newUser("viewer");
      expect(await run(disableUserAction, { userId: someone.id })).toMatchObject({ status: "success" });
      expect((await getDb().select().from(users).where(eq(users.id, someone.id)))[0]!.disabledAt).not.toBeNull();
      expect(await run(enableUserAction, { userId: someone.id })).toMatchObject({ status: "success" });
      expect((await getDb().select().from(users).where(eq(users.id, someone.id)))[0]!.disabledAt).toBeNull();
      expect(await run(disableUserAction, { userId: await idOf("admin") })).toMatchObject({
        formError: "You cannot disable yourself.",
      });
    });

    it("refuses to delete a GM or an uploader, saying why, and deletes anyone else", async () => {
      expect(await run(deleteUserAction, { userId: await idOf("chloe") })).toMatchObject({
        status: "error",
        formError: expect.stringMatching(/still GM of 4 VBUs/),
      });

      const uploader = await newUser("gm");
      const vbu = await newVbu(await idOf("ben"));
      const [canvas] = await getDb().select().from(canvases).where(eq(canvases.vbuId, vbu.id));
      const [thesis] = await getDb().insert(theses).values({ canvasId: canvas!.id, order: 1, text: "T" }).returning();
      const [point] = await getDb().insert(proofPoints).values({ thesisId: thesis!.id, description: "P" }).returning();
      await getDb()
        .insert(attachments)
        .values({
          proofPointId: point!.id,
          filename: "e.pdf",
          storagePath: `test/${unique()}`,
          contentType: "application/pdf",
          sizeBytes: 10,
          uploadedBy: uploader.id,
        });
      expect(await run(deleteUserAction, { userId: uploader.id })).toMatchObject({
        formError: expect.stringMatching(/uploaded 1 evidence file/),
      });
      expect(await getDb().select().from(users).where(eq(users.id, uploader.id))).toHaveLength(1);

      const plain = await newUser("viewer");
      expect(await run(deleteUserAction, { userId: plain.id })).toMatchObject({ status: "success" });
      expect(await getDb().select().from(users).where(eq(users.id, plain.id))).toHaveLength(0);
    });
  });

  describe("VBUs", () => {
    it("creates a VBU with its canvas in the chosen lane", async () => {
      const vbu = await newVbu(await idOf("ana"));
      const [canvas] = await getDb().select().from(canvases).where(eq(canvases.vbuId, vbu.id));
      expect(canvas).toMatchObject({
        lifecycleLane: "sell",
        version: 1,
        updatedBy: await idOf("admin"),
        versionSavedBy: await idOf("admin"),
      });
    });

    it("offers enabled GMs and admins as GMs, telling two of the same name apart by email", async () => {
      const name = `Sam ${unique()}`;
      const twins = await Promise.all([newUser("gm"), newUser("admin")]);
      await getDb()
        .update(users)
        .set({ name })
        .where(
          inArray(
            users.id,
            twins.map((t) => t.id),
          ),
        );
      const choices = await listGmChoices(await actorOf("admin"));
      const labels = new Map(choices.map((c) => [c.id, c.label]));
      for (const twin of twins) expect(labels.get(twin.id)).toBe(`${name} (${twin.email})`);
      expect(labels.get(await idOf("ana"))).toBe("Ana Silva");
      expect(labels.has(await idOf("viewer"))).toBe(false);
    });

    it("refuses a viewer or a disabled user as GM, and bad names, field by field", async () => {
      expect(await run(createVbuAction, { name: "X", gmId: await idOf("viewer"), lane: "build" })).toMatchObject({
        fieldErrors: { gmId: ["A viewer cannot be a GM. Change their role to GM first."] },
      });
      const gm = await newUser("gm");
      await run(disableUserAction, { userId: gm.id });
      expect(await run(createVbuAction, { name: "X", gmId: gm.id, lane: "build" })).toMatchObject({
        fieldErrors: { gmId: ["That user is disabled."] },
      });
      expect(await run(createVbuAction, { name: "  ", gmId: "x", lane: "sideways" })).toMatchObject({
        fieldErrors: { name: ["Enter the VBU's name."], gmId: ["Choose a GM."], lane: ["Choose a lifecycle lane."] },
      });
    });

    it("renames and reassigns", async () => {
      const vbu = await newVbu(await idOf("ana"));
      expect(await run(renameVbuAction, { vbuId: vbu.id, name: "Renamed VBU" })).toMatchObject({ status: "success" });
      expect(await run(renameVbuAction, { vbuId: vbu.id, name: "y".repeat(256) })).toMatchObject({
        fieldErrors: { name: ["Keep it to 255 characters or fewer."] },
      });
      expect(await run(reassignGmAction, { vbuId: vbu.id, gmId: await idOf("chloe") })).toMatchObject({
        status: "success",
      });
      const [row] = await getDb().select().from(vbus).where(eq(vbus.id, vbu.id));
      expect(row).toMatchObject({ name: "Renamed VBU", gmId: await idOf("chloe") });
      expect(await run(renameVbuAction, { vbuId: randomUUID(), name: "Ghost" })).toMatchObject({
        formError: expect.stringMatching(/not found/),
      });
    });

    it("summarises what a deletion takes, then deletes the VBU and everything under it", async () => {
      const [harbor] = await getDb().select().from(vbus).where(eq(vbus.name, "Harbor Logistics"));
      const summary = await vbuDeletionSummary({ id: await idOf("admin"), role: "admin" }, harbor!.id);
      expect(summary).toEqual({ id: harbor!.id, name: "Harbor Logistics", theses: 3, proofPoints: 5, attachments: 0 });
      expect(await run(deleteVbuAction, { vbuId: harbor!.id })).toBe("redirected");
      expect(await getDb().select().from(vbus).where(eq(vbus.id, harbor!.id))).toHaveLength(0);
      expect(await getDb().select().from(canvases).where(eq(canvases.vbuId, harbor!.id))).toHaveLength(0);
      expect(await run(deleteVbuAction, { vbuId: harbor!.id })).toMatchObject({
        formError: expect.stringMatching(/not found/),
      });
    });
  });
});
