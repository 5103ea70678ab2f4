// The proof point export tests' helpers: the routes called as Next.js calls them, and a VBU whose
// every text would be a formula in a spreadsheet.
import { parse } from "csv-parse/sync";
import { GET as getCsv } from "../../app/export/proof-points.csv/route";
import { GET as getXlsx } from "../../app/export/proof-points.xlsx/route";
import { getDb } from "../../db/client";
import { createEvidence, createPerson, createProofPoint, createThesis, createVbu } from "../factories";

/** The export route of this format, called with this query string. */
export function exportRequest(format: "csv" | "xlsx", query = ""): Promise<Response> {
  const url = `http://localhost:3000/export/proof-points.${format}${query ? `?${query}` : ""}`;
  return (format === "csv" ? getCsv : getXlsx)(new Request(url));
}

/** The CSV's body read back with csv-parse: the header and the records, and whether it began with a BOM. */
export async function csvOf(response: Response): Promise<{ bom: boolean; header: string[]; rows: string[][] }> {
  const bytes = new Uint8Array(await response.arrayBuffer());
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const records: string[][] = parse(Buffer.from(bytes), { bom: true, record_delimiter: "\r\n" });
  return { bom, header: records[0]!, rows: records.slice(1) };
}

/** Texts a spreadsheet would run as formulas, and one with CSV's own special characters. */
export const HOSTILE = {
  vbu: '=HYPERLINK("http://evil.example","Click")',
  thesis: "+SUM(A1:A9)",
  points: ["-2+3", "@cmd|' /C calc'!A0", "\tTab first", "\rReturn first", 'Says "hi", then\na new line'],
} as const;

/** A Build VBU with one thesis and HOSTILE's proof points, the first with two evidence files. */
export async function createHostileVbu(): Promise<void> {
  const db = getDb();
  const gm = await createPerson(db, { role: "gm", name: "@Gm Formula" });
  const { canvasId } = await createVbu(db, { name: HOSTILE.vbu, gmId: gm.id, lane: "build" });
  const thesis = await createThesis(db, { canvasId, order: 1, text: HOSTILE.thesis });
  for (const [n, description] of HOSTILE.points.entries()) {
    const point = await createProofPoint(db, { thesisId: thesis.id, description, reviewMonth: "2020-01" });
    if (n === 0) for (let i = 0; i < 2; i++) await createEvidence(db, { proofPointId: point.id });
  }
}
