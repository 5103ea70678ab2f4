// The PDF documents under `npm run bench` (docs/performance.md, "Exports"): canvas.pdf's
// latency, and the portfolio pack's total time, time to first byte and the memory it adds to the
// server while it downloads. The server is `npm start`'s: a primary and a worker per core in one
// process group, so its memory is the sum of the group's resident sets, sampled from /proc.
import { readdirSync, readFileSync } from "node:fs";

/** Resident memory of every process in a process group, in bytes (Linux /proc). */
export function groupRss(pgid: number): number {
  let total = 0;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Field 5 of stat is the process group; the command name (field 2) may hold spaces, so read after its ")".
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[2]) !== pgid) continue;
      const rss = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${entry}/status`, "utf8"));
      if (rss) total += Number(rss[1]) * 1024;
    } catch {
      // gone between the listing and the read
    }
  }
  return total;
}

export interface Download {
  status: number;
  bytes: number;
  /** From sending the request to the first byte of the body. */
  firstByteMs: number;
  totalMs: number;
  /** The group's peak resident memory while downloading, over its resident memory just before. */
  addedRss: number;
  /** Pages in the PDF: its page objects, counted in the bytes (pdfkit leaves them uncompressed). */
  pages: number;
}

/** Downloads a URL to the end (reading as fast as it comes), sampling the server's memory every 20 ms. */
export async function download(url: string, cookie: string, pgid: number): Promise<Download> {
  const before = groupRss(pgid);
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, groupRss(pgid))), 20);
  const start = performance.now();
  try {
    const response = await fetch(url, { headers: { cookie } });
    let firstByteMs = 0;
    let bytes = 0;
    let pages = 0;
    let tail = "";
    const reader = response.body!.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (bytes === 0) firstByteMs = performance.now() - start;
      bytes += value.byteLength;
      // A page object may straddle two chunks: carry the end of each into the next.
      const text = tail + Buffer.from(value).toString("latin1");
      pages += text.match(/\/Type \/Page\b(?!s)/g)?.length ?? 0;
      tail = text.slice(-16).replace(/^[\s\S]*?(?=\/|$)/, "");
      if (/\/Type \/Page\b/.test(tail)) tail = "";
    }
    const totalMs = performance.now() - start;
    peak = Math.max(peak, groupRss(pgid));
    return { status: response.status, bytes, firstByteMs, totalMs, addedRss: peak - before, pages };
  } finally {
    clearInterval(sampler);
  }
}

/** p50 of `runs` downloads one after another, after a few to warm up; each must be a PDF. */
export async function sequentialP50(url: string, cookie: string, runs = 30): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs + 5; i++) {
    const start = performance.now();
    const response = await fetch(url, { headers: { cookie } });
    const body = new Uint8Array(await response.arrayBuffer());
    if (response.status !== 200 || new TextDecoder().decode(body.slice(0, 5)) !== "%PDF-") {
      throw new Error(`${url} answered ${response.status}, not a PDF: check the sign-in`);
    }
    if (i >= 5) times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

export const PACK_GOALS = { totalMs: 30_000, addedRss: 300 * 1024 * 1024, firstByteMs: 2_000 } as const;

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export function packRow(label: string, vbus: number, d: Download): string {
  const pass = (ok: boolean) => (ok ? "PASS" : "FAIL");
  return `| ${label} | ${vbus} | ${d.pages} | ${mb(d.bytes)} | ${(d.totalMs / 1000).toFixed(1)} s (${pass(d.totalMs < PACK_GOALS.totalMs)} < 30 s) | ${d.firstByteMs.toFixed(0)} ms (${pass(d.firstByteMs < PACK_GOALS.firstByteMs)} < 2 s) | ${mb(d.addedRss)} (${pass(d.addedRss < PACK_GOALS.addedRss)} < 300 MB) |`;
}

export const PACK_HEADER =
  "| Pack | VBUs | pages | size | total | first byte | server RSS added |\n| --- | --- | --- | --- | --- | --- | --- |";

export const packPasses = (d: Download) =>
  d.status === 200 &&
  d.totalMs < PACK_GOALS.totalMs &&
  d.firstByteMs < PACK_GOALS.firstByteMs &&
  d.addedRss < PACK_GOALS.addedRss;
