// Every admin change checks, inside its transaction, that whoever acts is still an enabled
// admin now, not only when their request began: an admin demoted, disabled or deleted a
// moment ago is refused, and nothing changes. Both engines.
import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { users } from "../../db/schema";
import { changeRole, createUser, deleteUser, disableUser, enableUser } from "../../lib/admin/users";
import { createVbu, deleteVbu, reassignGm, renameVbu } from "../../lib/admin/vbus";
import type { Actor } from "../../lib/auth/roles";
import { ForbiddenError } from "../../lib/errors";
import { useSeededAppDatabase } from "../support/app-database";
import { ENGINES } from "../support/database";
import { actorOf } from "../support/session";
import { enabledAdmins, newPerson, portfolio, roleOf } from "./support";

interface Fixture {
  viewer: string;
  gm: string;
  disabled: string;
  vbu: string;
}

/** Every change an admin can make, each aimed at people and a VBU of the fixture. */
const ADMIN_CHANGES: Record<string, (actor: Actor, f: Fixture) => Promise<unknown>> = {
  "create a user": (actor) =>
    createUser(actor, {
      name: "Someone New",
      email: `new-${randomUUID()}@canvas.example`,
      role: "admin",
      temporaryPassword: "temporary-password-1",
    }),
  "change a role": (actor, f) => changeRole(actor, { userId: f.viewer, role: "admin" }),
  "disable a user": (actor, f) => disableUser(actor, f.gm),
  "enable a user": (actor, f) => enableUser(actor, f.disabled),
  "delete a user": (actor, f) => deleteUser(actor, f.viewer),
  "create a VBU": (actor, f) => createVbu(actor, { name: `VBU ${randomUUID()}`, gmId: f.gm, lane: "build" }),
  "rename a VBU": (actor, f) => renameVbu(actor, { vbuId: f.vbu, name: "Renamed by a former admin" }),
  "reassign a VBU": (actor, f) => reassignGm(actor, { vbuId: f.vbu, gmId: f.gm }),
  "delete a VBU": (actor, f) => deleteVbu(actor, f.vbu),
};

/** What happened to the acting admin between their request starting and their change. */
const SINCE_SIGNING_IN: Record<string, (id: string) => Promise<unknown>> = {
  "demoted to GM": (id) => getDb().update(users).set({ role: "gm" }).where(eq(users.id, id)),
  disabled: (id) =>
    getDb()
      .update(users)
      .set({ disabledAt: sql`now()` })
      .where(eq(users.id, id)),
  deleted: (id) => getDb().delete(users).where(eq(users.id, id)),
};

describe.each(ENGINES)("the acting admin, re-checked inside the change, on %s", (engine) => {
  useSeededAppDatabase(engine);
  let admin: Actor;
  let fixture: Fixture;

  beforeAll(async () => {
    admin = await actorOf("admin");
  });

  beforeEach(async () => {
    const [viewer, gm, disabled] = await Promise.all([newPerson("viewer"), newPerson("gm"), newPerson("gm")]);
    await SINCE_SIGNING_IN.disabled!(disabled.id);
    const { id: vbu } = await createVbu(admin, { name: `VBU ${randomUUID()}`, gmId: gm.id, lane: "sell" });
    fixture = { viewer: viewer.id, gm: gm.id, disabled: disabled.id, vbu };
  });

  for (const [change, make] of Object.entries(ADMIN_CHANGES)) {
    it(`an admin may ${change}`, async () => {
      await make(admin, fixture);
    });

    for (const [what, happen] of Object.entries(SINCE_SIGNING_IN)) {
      it(`an admin ${what} since their request began cannot ${change}, and nothing changes`, async () => {
        const former = await newPerson("admin");
        await happen(former.id);
        const before = await portfolio();
        const refusal = await make(former, fixture).then(
          () => undefined,
          (error: unknown) => error,
        );
        expect(refusal).toBeInstanceOf(ForbiddenError);
        expect((refusal as Error).message).toBe("You are no longer an admin, so nothing was changed.");
        expect(await portfolio()).toEqual(before);
      });
    }
  }

  it("an admin demotes, disables and deletes other admins, and stays an admin", async () => {
    const [demoted, disabled, deleted] = await Promise.all([
      newPerson("admin"),
      newPerson("admin"),
      newPerson("admin"),
    ]);
    await changeRole(admin, { userId: demoted.id, role: "viewer" });
    await disableUser(admin, disabled.id);
    await deleteUser(admin, deleted.id);
    expect(await roleOf(demoted.id)).toEqual({ role: "viewer", disabled: false });
    expect(await roleOf(disabled.id)).toEqual({ role: "admin", disabled: true });
    expect(await roleOf(deleted.id)).toBeUndefined();
    expect(await enabledAdmins()).toContain(admin.id);
  });
});
