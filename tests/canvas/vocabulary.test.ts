// The canvas's words and limits (lib/canvas/vocabulary.ts): the one place client and server
// read them, so it must agree with the database and stay free of server code.
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { lifecycleLane, proofPointStatus } from "../../db/schema";
import { BOARD_STATUS_FILTER_LABELS } from "../../lib/board/filters";
import {
  LANES,
  laneLabel,
  PROOF_POINT_STATUS_LABELS,
  PROOF_POINT_STATUSES,
  statusWord,
} from "../../lib/canvas/vocabulary";

describe("the canvas vocabulary", () => {
  it("names every lane and every status, in the database's order", () => {
    expect(LANES.map((l) => l.lane)).toEqual(lifecycleLane.enumValues);
    expect(PROOF_POINT_STATUSES).toEqual(proofPointStatus.enumValues);
    expect(laneLabel("milk")).toBe("Milk");
    expect(PROOF_POINT_STATUSES.map(statusWord)).toEqual(["not started", "in progress", "observed", "stalled"]);
  });

  it("is the board's status filter labels too, with overdue after the statuses", () => {
    expect(BOARD_STATUS_FILTER_LABELS).toEqual({ ...PROOF_POINT_STATUS_LABELS, overdue: "Overdue for review" });
    expect(Object.keys(BOARD_STATUS_FILTER_LABELS)).toEqual([...PROOF_POINT_STATUSES, "overdue"]);
  });

  it.each(["lib/canvas/vocabulary.ts", "lib/attachments/vocabulary.ts"])(
    "%s imports nothing at run time, so client components may import it",
    async (path) => {
      const source = await readFile(new URL(`../../${path}`, import.meta.url), "utf8");
      expect(source.match(/^import (?!type ).*$/gm) ?? []).toEqual([]);
    },
  );
});
