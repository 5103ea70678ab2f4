// The admins' users table: who each person is, and how many VBUs they run as GM, which admins
// read before deleting someone. Both engines, on the demo portfolio.
import { describe, expect, it } from "vitest";
import { listUsers } from "../../lib/admin/users";
import { useSeededAppDatabase } from "../support/app-database";
import { ENGINES } from "../support/database";
import { actorOf, emailOf } from "../support/session";

describe.each(ENGINES)("the users table on %s", (engine) => {
  useSeededAppDatabase(engine);

  it("counts the VBUs each person runs as GM", async () => {
    const list = await listUsers(await actorOf("admin"));
    const count = (key: Parameters<typeof emailOf>[0]) => list.find((u) => u.email === emailOf(key))?.vbuCount;
    expect(count("ana")).toBe(4);
    expect(count("ben")).toBe(4);
    expect(count("chloe")).toBe(4);
    expect(count("admin")).toBe(0);
    expect(count("viewer")).toBe(0);
  });
});
