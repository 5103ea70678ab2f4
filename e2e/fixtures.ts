// Rows a browser test needs of its own, written straight into the run's PostgreSQL database
// (the postgres project only), so that no test depends on what another one changes.
import { randomUUID } from "node:crypto";
import postgres from "postgres";

function connect() {
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error("E2E_DATABASE_URL is not set: run through `npm run test:e2e`");
  return postgres(url, { max: 1, onnotice: () => {} });
}

/** A new VBU with an empty canvas (in the build lane unless told), its GM the demo user with this email. */
export async function createVbu(
  gmEmail: string,
  name = `Test VBU ${randomUUID().slice(0, 8)}`,
  lane: "build" | "sell" | "milk" | "reframe" = "build",
) {
  const sql = connect();
  try {
    const [vbu] = await sql<{ id: string }[]>`
      INSERT INTO vbus (name, gm_id) SELECT ${name}, id FROM users WHERE email = ${gmEmail} RETURNING id`;
    await sql`INSERT INTO canvases (vbu_id, lifecycle_lane) VALUES (${vbu!.id}, ${lane})`;
    return { id: vbu!.id, name };
  } finally {
    await sql.end();
  }
}

/** A thesis with one proof point on the VBU's canvas. */
export async function createProofPoint(vbuId: string, description = "Pilot customers renew") {
  const sql = connect();
  try {
    const [thesis] = await sql<{ id: string }[]>`
      INSERT INTO theses (canvas_id, "order", text)
      SELECT id, 1, 'Customers pay for evidence they can show' FROM canvases WHERE vbu_id = ${vbuId} RETURNING id`;
    const [point] = await sql<{ id: string }[]>`
      INSERT INTO proof_points (thesis_id, description, status) VALUES (${thesis!.id}, ${description}, 'in_progress')
      RETURNING id`;
    return { thesisId: thesis!.id, proofPointId: point!.id, description };
  } finally {
    await sql.end();
  }
}

/** The address a session was signed in from, as recorded; by the cookie's value ("token.signature"). */
export async function sessionAddress(cookieValue: string): Promise<string | null> {
  const token = decodeURIComponent(cookieValue).split(".")[0]!;
  const sql = connect();
  try {
    const [row] = await sql<{ ip_address: string | null }[]>`SELECT ip_address FROM sessions WHERE token = ${token}`;
    return row?.ip_address ?? null;
  } finally {
    await sql.end();
  }
}
