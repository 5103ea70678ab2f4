// Races between admin changes, on the real PostgreSQL server only (PGlite has one connection,
// so nothing there runs concurrently). Each race is forced, not hoped for: the first change is
// held once it has the roster lock and before it checks anything, the second is started then,
// and the first goes on only once PostgreSQL shows the second waiting for that lock (see
// raceAtRosterLock). The second's checks then see the first's change, so exactly one wins.
import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { users, vbus } from "../../db/schema";
import { changeRole, createUser, deleteUser, disableUser, enableUser } from "../../lib/admin/users";
import { createVbu, deleteVbu, reassignGm, renameVbu } from "../../lib/admin/vbus";
import type { Actor } from "../../lib/auth/roles";
import { ForbiddenError, UserFacingError } from "../../lib/errors";
import { useAppDatabase, useSeededAppDatabase } from "../support/app-database";
import { actorOf } from "../support/session";
import { enabledAdmins, newPerson, portfolio, raceAtRosterLock, reasonOf, roleOf } from "./support";

const NO_LONGER_ADMIN = "You are no longer an admin, so nothing was changed.";

/** The ways one admin takes another's admin rights away. */
const REMOVALS: Record<string, (actor: Actor, userId: string) => Promise<unknown>> = {
  demotes: (actor, userId) => changeRole(actor, { userId, role: "gm" }),
  disables: (actor, userId) => disableUser(actor, userId),
  deletes: (actor, userId) => deleteUser(actor, userId),
};

describe("Canvas's only two admins acting on each other at the same moment, on postgres", () => {
  useAppDatabase("postgres");
  let x: Actor;
  let y: Actor;

  beforeEach(async () => {
    await getDb()
      .delete(users)
      .where(sql`true`); // no VBUs here: nothing holds on to a user
    [x, y] = await Promise.all([newPerson("admin"), newPerson("admin")]);
  });

  for (const [xDoes, xRemoval] of Object.entries(REMOVALS)) {
    for (const [yDoes, yRemoval] of Object.entries(REMOVALS)) {
      it(`X ${xDoes} Y while Y ${yDoes} X: X's change wins, Y is refused, and X is still an admin`, async () => {
        const race = await raceAtRosterLock(
          () => xRemoval(x, y.id),
          () => yRemoval(y, x.id),
        );
        expect(race.first.status).toBe("fulfilled");
        const refusal = reasonOf(race.second);
        expect(refusal).toBeInstanceOf(ForbiddenError);
        expect((refusal as Error).message).toBe(NO_LONGER_ADMIN);
        expect(await enabledAdmins()).toEqual([x.id]);
        expect(race.secondWaited, "Y's change waited for X's").toBe(true);
      });
    }
  }
});

describe("admin changes racing a change to who may act or run a VBU, on postgres", () => {
  useSeededAppDatabase("postgres");
  let admin: Actor;

  beforeAll(async () => {
    admin = await actorOf("admin");
  });

  describe("an admin demoted while they act is refused, and their change is not made", () => {
    /** Y's changes, each aimed at someone or something that is not Y. */
    const Y_CHANGES: Record<string, (y: Actor, other: { gm: string; vbu: string }) => Promise<unknown>> = {
      "creates an admin": (y) =>
        createUser(y, {
          name: "Y's Friend",
          email: `friend-${randomUUID()}@canvas.example`,
          role: "admin",
          temporaryPassword: "temporary-password-1",
        }),
      "makes a GM an admin": (y, o) => changeRole(y, { userId: o.gm, role: "admin" }),
      "disables a GM": (y, o) => disableUser(y, o.gm),
      "enables a GM": (y, o) => enableUser(y, o.gm),
      "deletes a GM": (y, o) => deleteUser(y, o.gm),
      "creates a VBU": (y, o) => createVbu(y, { name: `Y's VBU ${randomUUID()}`, gmId: o.gm, lane: "build" }),
      "renames a VBU": (y, o) => renameVbu(y, { vbuId: o.vbu, name: "Renamed by Y" }),
      "reassigns a VBU": (y, o) => reassignGm(y, { vbuId: o.vbu, gmId: o.gm }),
      "deletes a VBU": (y, o) => deleteVbu(y, o.vbu),
    };

    for (const [yDoes, change] of Object.entries(Y_CHANGES)) {
      it(`Y ${yDoes} while another admin demotes Y`, async () => {
        const [y, gm, otherGm] = await Promise.all([newPerson("admin"), newPerson("gm"), newPerson("gm")]);
        const { id: vbu } = await createVbu(admin, { name: `VBU ${randomUUID()}`, gmId: otherGm.id, lane: "sell" });
        const before = await portfolio(y.id);
        const race = await raceAtRosterLock(
          () => changeRole(admin, { userId: y.id, role: "gm" }),
          () => change(y, { gm: gm.id, vbu }),
        );
        expect(race.first.status).toBe("fulfilled");
        expect((reasonOf(race.second) as Error).message).toBe(NO_LONGER_ADMIN);
        expect(race.secondWaited).toBe(true);
        expect(await roleOf(y.id)).toEqual({ role: "gm", disabled: false });
        expect(await portfolio(y.id), "nothing else changed").toEqual(before);
      });
    }
  });

  describe("a GM made a viewer, disabled or deleted while an admin assigns them a VBU", () => {
    /** Taking away someone's ability to run a VBU, and the assignment's refusal when it comes first. */
    const UNFIT: Record<string, { make: (gm: string) => Promise<unknown>; problem: string }> = {
      "made a viewer": {
        make: (gm) => changeRole(admin, { userId: gm, role: "viewer" }),
        problem: "A viewer cannot be a GM. Change their role to GM first.",
      },
      disabled: { make: (gm) => disableUser(admin, gm), problem: "That user is disabled." },
      deleted: { make: (gm) => deleteUser(admin, gm), problem: "That user no longer exists." },
    };
    /** Assigning someone a VBU: a new one, or one another GM runs. */
    const ASSIGNMENTS: Record<string, (gm: string, vbu: string) => Promise<unknown>> = {
      "a new VBU": (gm) => createVbu(admin, { name: `VBU ${randomUUID()}`, gmId: gm, lane: "milk" }),
      "another GM's VBU": (gm, vbu) => reassignGm(admin, { vbuId: vbu, gmId: gm }),
    };

    async function setting() {
      const [gm, otherGm] = await Promise.all([newPerson("gm"), newPerson("gm")]);
      const { id: vbu } = await createVbu(admin, { name: `VBU ${randomUUID()}`, gmId: otherGm.id, lane: "sell" });
      return { gm: gm.id, vbu, otherGm: otherGm.id };
    }

    const vbusRunBy = async (gm: string) => getDb().select({ id: vbus.id }).from(vbus).where(eq(vbus.gmId, gm));

    for (const [assigned, assign] of Object.entries(ASSIGNMENTS)) {
      for (const [unfit, { make, problem }] of Object.entries(UNFIT)) {
        it(`${unfit} first, then assigned ${assigned}: the assignment is refused`, async () => {
          const { gm, vbu, otherGm } = await setting();
          const race = await raceAtRosterLock(
            () => make(gm),
            () => assign(gm, vbu),
          );
          expect(race.first.status).toBe("fulfilled");
          const refusal = reasonOf(race.second);
          expect(refusal).toBeInstanceOf(UserFacingError);
          expect((refusal as UserFacingError).fieldErrors).toEqual({ gmId: [problem] });
          expect(race.secondWaited).toBe(true);
          expect(await vbusRunBy(gm)).toEqual([]);
          expect((await getDb().select().from(vbus).where(eq(vbus.id, vbu)))[0]!.gmId).toBe(otherGm);
        });
      }

      it(`assigned ${assigned} first, then made a viewer: the demotion is refused`, async () => {
        const { gm, vbu } = await setting();
        const race = await raceAtRosterLock(
          () => assign(gm, vbu),
          () => changeRole(admin, { userId: gm, role: "viewer" }),
        );
        expect(race.first.status).toBe("fulfilled");
        expect((reasonOf(race.second) as Error).message).toBe(
          "This user is GM of 1 VBU. Reassign it to another GM first.",
        );
        expect(race.secondWaited).toBe(true);
        expect(await roleOf(gm)).toEqual({ role: "gm", disabled: false });
        expect(await vbusRunBy(gm)).toHaveLength(1);
      });

      it(`assigned ${assigned} first, then deleted: the deletion is refused`, async () => {
        const { gm, vbu } = await setting();
        const race = await raceAtRosterLock(
          () => assign(gm, vbu),
          () => deleteUser(admin, gm),
        );
        expect(race.first.status).toBe("fulfilled");
        expect((reasonOf(race.second) as Error).message).toMatch(/^This user is still GM of 1 VBU\./);
        expect(race.secondWaited).toBe(true);
        expect(await roleOf(gm)).toEqual({ role: "gm", disabled: false });
      });
    }
  });
});
