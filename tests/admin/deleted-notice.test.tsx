// The VBUs page says "<name> was deleted." only when the server itself sent the admin there
// after deleting it: text anyone can put in a link (?deleted=<anything>) is never shown.
import { getURLFromRedirectError } from "next/dist/client/components/redirect";
import { isRedirectError } from "next/dist/client/components/redirect-error";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { deleteVbuAction } from "../../app/admin/vbus/actions";
import VbusPage from "../../app/admin/vbus/page";
import { getDb } from "../../db/client";
import { vbus } from "../../db/schema";
import { IDLE } from "../../lib/action-state";
import { readNotice, signNotice } from "../../lib/security/signed-notice";
import { useSeededAppDatabase } from "../support/app-database";
import { ENGINES } from "../support/database";
import { formData, signInAs } from "../support/session";

async function renderVbus(searchParams: Record<string, string>): Promise<string> {
  return renderToStaticMarkup(await VbusPage({ searchParams: Promise.resolve(searchParams) }));
}

/** Deletes a VBU through the action; answers the address it sends the admin to. */
async function deleteThrough(name: string): Promise<string> {
  const rows = await getDb().select({ id: vbus.id, name: vbus.name }).from(vbus);
  try {
    await deleteVbuAction(IDLE, formData({ vbuId: rows.find((r) => r.name === name)!.id }));
  } catch (error) {
    if (isRedirectError(error)) return getURLFromRedirectError(error);
    throw error;
  }
  throw new Error("The delete did not redirect");
}

describe("a signed notice", () => {
  it("is read back for ten minutes, for its own purpose only", () => {
    const signedAt = Date.UTC(2026, 0, 1);
    const value = signNotice("vbu-deleted", "Pillar HR", signedAt);
    expect(readNotice("vbu-deleted", value, signedAt + 9 * 60_000)).toBe("Pillar HR");
    expect(readNotice("vbu-deleted", value, signedAt + 10 * 60_000)).toBeNull();
    expect(readNotice("vbu-deleted", `${value}.extra`, signedAt)).toBeNull();
    expect(readNotice("vbu-deleted", undefined, signedAt)).toBeNull();
  });
});

describe.each(ENGINES)("the VBUs page's deleted notice on %s", (engine) => {
  useSeededAppDatabase(engine);

  it("shows no text from a forged link", async () => {
    await signInAs("admin");
    for (const forged of ["<script>Evil", "Evil Corp", "Harbor Logistics"]) {
      const html = await renderVbus({ deleted: forged });
      expect(html).not.toContain("was deleted");
      expect(html).not.toContain("Evil");
    }
  });

  it("names the VBU the admin just deleted, and only on the link the delete sent them to", async () => {
    await signInAs("admin");
    const url = new URL(await deleteThrough("Pillar HR"), "http://localhost");
    expect(url.pathname).toBe("/admin/vbus");
    const html = await renderVbus(Object.fromEntries(url.searchParams));
    expect(html).toContain("Pillar HR was deleted.");
    // The same link with its value altered shows nothing.
    const value = url.searchParams.get("deleted")!;
    const altered = value.slice(0, -2) + (value.endsWith("AA") ? "BB" : "AA");
    expect(await renderVbus({ deleted: altered })).not.toContain("was deleted");
  });
});
