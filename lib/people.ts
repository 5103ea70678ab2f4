import { and, inArray, isNull } from "drizzle-orm";
import { users } from "../db/schema";

/**
 * Who can be made a VBU's GM, as a query condition: enabled users with the GM or admin role
 * (lib/admin/vbus.ts assertEligibleGm says why one person cannot).
 */
export const couldBeGm = and(inArray(users.role, ["gm", "admin"]), isNull(users.disabledAt))!;

/** Someone offered in a list of people (a GM filter, a GM choice), as the list shows them. */
export interface PersonChoice {
  id: string;
  /** Their name; with their email too when someone else in the list has the same name. */
  label: string;
}

/** Labels people sorted by name: two of the same name are told apart by email. */
export function labelPeople<T extends { id: string; name: string; email: string }>(
  people: T[],
  note: (person: T) => string | null = () => null,
): PersonChoice[] {
  const counts = new Map<string, number>();
  for (const { name } of people) counts.set(name, (counts.get(name) ?? 0) + 1);
  return people.map((person) => {
    const details = [counts.get(person.name)! > 1 ? person.email : null, note(person)].filter(Boolean);
    return { id: person.id, label: details.length ? `${person.name} (${details.join(", ")})` : person.name };
  });
}
