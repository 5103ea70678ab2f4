// The proof point export as an Excel workbook (GET /export/proof-points.xlsx), read back with
// the library that wrote it: the same rows as the CSV, typed cells (months and times as dates
// with their formats, counts as numbers, overdue as a boolean), text that looks like a formula
// kept as text, a frozen header row and an autofilter over the columns; and the raw sheet XML
// says the same, so a reader other than ExcelTS sees it too.
import { Workbook, ValueType } from "@cj-tech-master/excelts";
import yauzl from "yauzl";
import { beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../../db/seed";
import { PROOF_POINT_COLUMNS } from "../../lib/export/proof-points-columns";
import { useAppDatabase } from "../support/app-database";
import { ENGINES } from "../support/database";
import { signInAs } from "../support/session";
import { createHostileVbu, csvOf, exportRequest, HOSTILE } from "./support";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const columnOf = (header: string) => PROOF_POINT_COLUMNS.findIndex((c) => c.header === header) + 1;

/** One file of a zip, as text. */
function entryText(zip: Buffer, name: string): Promise<string> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(zip, { lazyEntries: true }, (error, file) => {
      if (error) return reject(error);
      file.on("entry", (entry: yauzl.Entry) => {
        if (entry.fileName !== name) return file.readEntry();
        file.openReadStream(entry, (openError, stream) => {
          if (openError) return reject(openError);
          const chunks: Buffer[] = [];
          stream.on("data", (chunk: Buffer) => chunks.push(chunk));
          stream.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
        });
      });
      file.on("end", () => reject(new Error(`${name} is not in the workbook`)));
      file.readEntry();
    });
  });
}

describe.each(ENGINES)("the proof point Excel export on %s", (engine) => {
  const database = useAppDatabase(engine);
  let bytes: Buffer;

  beforeAll(async () => {
    await seedDemo(database.current().db);
    await createHostileVbu();
    await signInAs("chloe");
    const response = await exportRequest("xlsx");
    expect(response.status).toBe(200);
    expect(Object.fromEntries(response.headers)).toMatchObject({
      "content-type": XLSX,
      "x-content-type-options": "nosniff",
      "cache-control": "private, no-store",
    });
    expect(response.headers.get("content-disposition")).toMatch(
      /^attachment; filename="proof-points-\d{4}-\d{2}-\d{2}\.xlsx"; filename\*=UTF-8''/,
    );
    bytes = Buffer.from(await response.arrayBuffer());
  });

  async function sheet() {
    const workbook = new Workbook();
    await workbook.xlsx.load(bytes);
    return workbook.getWorksheet("Proof points")!;
  }

  it("holds the CSV's rows, under the same headings", async () => {
    const ws = await sheet();
    const { rows } = await csvOf(await exportRequest("csv"));
    expect(ws.getRow(1).values).toEqual([undefined, ...PROOF_POINT_COLUMNS.map((c) => c.header)]);
    expect(ws.rowCount).toBe(rows.length + 1);
    const vbus = (n: number) => ws.getRow(n + 2).getCell(1).value as string;
    expect(rows.map((row, n) => row[0]!.replace(/^'/, "") === vbus(n)).every(Boolean)).toBe(true);
  });

  it("types its cells: months and times as formatted dates, counts as numbers, overdue as a boolean", async () => {
    const ws = await sheet();
    let months = 0;
    for (let n = 2; n <= ws.rowCount; n++) {
      const row = ws.getRow(n);
      expect(row.getCell(columnOf("Thesis")).type).toBe(ValueType.Number);
      expect(row.getCell(columnOf("Evidence files")).type).toBe(ValueType.Number);
      expect(row.getCell(columnOf("Overdue for review")).type).toBe(ValueType.Boolean);
      const changed = row.getCell(columnOf("Last changed at (UTC)"));
      expect(changed.type).toBe(ValueType.Date);
      expect(changed.numFmt).toBe("yyyy-mm-dd hh:mm");
      const month = row.getCell(columnOf("Target review month"));
      if (month.type === ValueType.Null) continue;
      months++;
      expect(month.type).toBe(ValueType.Date);
      expect(month.numFmt).toBe("mmm yyyy");
      expect((month.value as Date).getUTCDate()).toBe(1);
    }
    expect(months).toBeGreaterThan(10);
  });

  it("keeps text that looks like a formula as text, and its evidence count and overdue flag", async () => {
    const ws = await sheet();
    const hostile = [];
    for (let n = 2; n <= ws.rowCount; n++)
      if (ws.getRow(n).getCell(1).value === HOSTILE.vbu) hostile.push(ws.getRow(n));
    // XML reads a lone CR as a line feed (XML 1.0, end-of-line handling): still a line break.
    const asXmlReadsThem = HOSTILE.points.map((text) => text.replace(/\r\n?/g, "\n"));
    expect(hostile.map((row) => row.getCell(columnOf("Proof point")).value)).toEqual(asXmlReadsThem);
    for (const row of hostile) {
      for (const header of ["VBU", "Thesis text", "Proof point", "GM"]) {
        expect(row.getCell(columnOf(header)).type, header).toBe(ValueType.String);
      }
      expect(row.getCell(columnOf("Overdue for review")).value).toBe(true);
      expect(row.getCell(columnOf("Target review month")).value).toEqual(new Date(Date.UTC(2020, 0, 1)));
    }
    expect(hostile.map((row) => row.getCell(columnOf("Evidence files")).value)).toEqual([2, 0, 0, 0, 0]);
  });

  it("freezes the header row and filters every column, as the library and the raw XML both say", async () => {
    const ws = await sheet();
    expect(ws.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(ws.autoFilter).toBe("A1:L1");
    const xml = await entryText(bytes, "xl/worksheets/sheet1.xml");
    expect(xml).toMatch(/<pane [^>]*ySplit="1"[^>]*state="frozen"/);
    expect(xml).toContain('<autoFilter ref="A1:L1"');
    expect(xml).not.toContain("<f>");
  });
});
