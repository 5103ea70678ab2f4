// The rule under every demotion, disabling and deletion of an admin: Canvas keeps at least
// one enabled admin. The acting admin is re-checked and may not remove themselves, so through
// the admin pages the rule always holds by the time it is asked; here it is asked directly,
// on a portfolio whose admins the test chooses. Both engines.
import { sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { users } from "../../db/schema";
import { assertAdminRemains } from "../../lib/admin/roster";
import { UserFacingError } from "../../lib/errors";
import { useAppDatabase } from "../support/app-database";
import { ENGINES } from "../support/database";
import { newPerson } from "./support";

const leaving = (id: string) => getDb().transaction((tx) => assertAdminRemains(tx, id));

describe.each(ENGINES)("Canvas keeps at least one enabled admin, on %s", (engine) => {
  useAppDatabase(engine);

  beforeEach(async () => {
    await getDb()
      .delete(users)
      .where(sql`true`); // no VBUs here: nothing holds on to a user
  });

  it("refuses to let the only enabled admin go; a disabled admin does not count", async () => {
    const [only, disabledAdmin] = await Promise.all([newPerson("admin"), newPerson("admin"), newPerson("gm")]);
    await getDb()
      .update(users)
      .set({ disabledAt: sql`now()` })
      .where(sql`${users.id} = ${disabledAdmin.id}`);
    const refusal = await leaving(only.id).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refusal).toBeInstanceOf(UserFacingError);
    expect((refusal as Error).message).toBe("Canvas needs at least one admin. Make someone else an admin first.");
  });

  it("lets an admin go while another enabled admin stays", async () => {
    const [one] = await Promise.all([newPerson("admin"), newPerson("admin")]);
    await expect(leaving(one.id)).resolves.toBeUndefined();
  });
});
