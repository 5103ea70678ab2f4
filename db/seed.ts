// A believable demo portfolio: an admin, three GMs, a viewer, and a dozen VBUs over the
// four lanes, each with a filled-in canvas, 2 to 5 theses, proof points in every status and
// a currently-testing pointer. Review months are relative to the current month so the demo
// always has some proof points that are overdue and some still ahead.
import { eq, inArray, sql } from "drizzle-orm";
import type { Database } from "./client";
import { type AttachmentStorage, newStoragePath } from "../lib/attachments/storage";
import { ATTACHMENT_MAX_BYTES } from "../lib/attachments/vocabulary";
import { hashPassword } from "../lib/auth/passwords";
import { actAs, SEED_ACTOR } from "../lib/history/actor";
import type { Tx } from "../lib/canvas/lock";
import { monthFromNow } from "../lib/dates";
import { freezeCanvas } from "../lib/reviews/freeze";
import {
  type CanvasField,
  CREATED_MONTH,
  DEMO_HISTORY,
  type EarlierStep,
  type Edit,
  type EvidenceSeed,
  type PointRef,
  tinyPdf,
  type VbuHistory,
} from "./seed-history";
import {
  accounts,
  attachments,
  canvases,
  monthlyReviews,
  type LifecycleLane,
  proofPoints,
  type ProofPointStatus,
  theses,
  type UserRole,
  users,
  vbus,
} from "./schema";

/** Every demo person signs in with this password (README). */
export const DEMO_PASSWORD = "canvas-demo-password";

export const DEMO_USERS = [
  { key: "admin", email: "morgan.ellis@canvas.example", name: "Morgan Ellis", role: "admin" },
  { key: "ana", email: "ana.silva@canvas.example", name: "Ana Silva", role: "gm" },
  { key: "ben", email: "ben.okafor@canvas.example", name: "Ben Okafor", role: "gm" },
  { key: "chloe", email: "chloe.martin@canvas.example", name: "Chloé Martin", role: "gm" },
  { key: "viewer", email: "victor.hale@canvas.example", name: "Victor Hale", role: "viewer" },
] as const satisfies readonly { key: string; email: string; name: string; role: UserRole }[];

type GmKey = "ana" | "ben" | "chloe";
// [description, status, evidence note or null, review month offset from now or null]
type ProofPointSeed = [string, ProofPointStatus, string | null, number | null];
type ThesisSeed = [string, ProofPointSeed[]];

interface VbuSeed {
  name: string;
  gm: GmKey;
  lane: LifecycleLane;
  product: string;
  success: string;
  future: string;
  focus: string;
  resist: string;
  discipline: string;
  constraint: string;
  notes: string | null;
  theses: ThesisSeed[];
  /** [thesis index] or [thesis index, proof point index] */
  testing: [number] | [number, number];
}

export const DEMO_VBUS: VbuSeed[] = [
  {
    name: "Harbor Logistics",
    gm: "ana",
    lane: "build",
    product: "Harbor Dock Scheduler",
    success: "Mid-size ports book 80% of berth slots through Harbor within a year of signing.",
    future: "The default scheduling layer for independent ports in Northern Europe.",
    focus: "Prove that berth planners trust automatic slot proposals",
    resist: "Building custom integrations for every terminal operating system.",
    discipline: "Ship to the two pilot ports every two weeks and watch them use it.",
    constraint: "Only two engineers know the legacy terminal protocols.",
    notes: "Pilot results due before the Q3 portfolio review.",
    theses: [
      [
        "Planners accept automatic slot proposals when they can see why a slot was chosen.",
        [
          ["Pilot port accepts 60% of proposals unchanged for four weeks", "in_progress", "Week 2: 41% accepted.", 1],
          ["Planners use the explanation panel on most rejected proposals", "not_started", null, 2],
        ],
      ],
      [
        "Ports pay per berth call rather than per seat.",
        [
          [
            "Two ports sign a per-call pricing letter of intent",
            "observed",
            "Rotterdam-Noord and Aalborg signed in May.",
            -2,
          ],
          ["Per-call revenue covers hosting cost at 300 calls a month", "in_progress", null, 3],
        ],
      ],
      [
        "Terminal operators share live crane data if it shortens their idle time.",
        [["One operator streams crane telemetry to Harbor", "stalled", "Legal review has been open for 10 weeks.", -1]],
      ],
    ],
    testing: [0, 0],
  },
  {
    name: "Fieldnote",
    gm: "ben",
    lane: "build",
    product: "Fieldnote Inspections",
    success: "Inspectors finish a site report on the phone before they leave the site.",
    future: "Every regional inspection firm runs its paperwork through Fieldnote.",
    focus: "Offline capture that never loses a photo",
    resist: "Adding a desktop editor before the phone flow is loved.",
    discipline: "Every release is tested in a basement with no signal.",
    constraint: "No native mobile developer on the team.",
    notes: null,
    theses: [
      [
        "Inspectors will switch from paper if the phone report is faster.",
        [
          ["Median report time under 20 minutes in the pilot", "observed", "Median 17 minutes over 212 reports.", -3],
          ["Pilot firm stops printing blank forms", "in_progress", null, 1],
        ],
      ],
      [
        "Firms pay for photo evidence that holds up in disputes.",
        [
          ["A customer wins a dispute using a Fieldnote timestamped photo", "not_started", null, 4],
          ["Insurer accepts Fieldnote reports as evidence", "not_started", null, 6],
        ],
      ],
    ],
    testing: [1],
  },
  {
    name: "Ledgerlight",
    gm: "chloe",
    lane: "build",
    product: "Ledgerlight Close",
    success: "Finance teams of 5 to 20 people close the month in three days.",
    future: "The close checklist every mid-market controller opens on day one.",
    focus: "Reconciliation suggestions accountants accept",
    resist: "Becoming a general ledger.",
    discipline: "Measure days-to-close at every customer, every month.",
    constraint: "Bank feed access depends on one aggregator contract.",
    notes: "Watch the aggregator renewal in October.",
    theses: [
      [
        "Controllers adopt a shared close checklist when it shows who is blocking.",
        [["Three teams run a full close in Ledgerlight", "in_progress", "Two of three finished in July.", 0]],
      ],
      [
        "Automatic matching removes a full day from the close.",
        [
          ["Match rate above 85% on bank lines", "observed", "88% across four customers.", -1],
          ["Days-to-close drops by one for two customers", "in_progress", null, 2],
        ],
      ],
      [
        "Auditors will read the close log directly.",
        [["An audit firm signs up for read-only access", "stalled", "Auditor asked for SOC 2 first.", -2]],
      ],
      [
        "Teams of five buy without a sales call.",
        [["Ten self-serve trials convert without a call", "not_started", null, 3]],
      ],
    ],
    testing: [1, 1],
  },
  {
    name: "Brightpath Learning",
    gm: "ana",
    lane: "sell",
    product: "Brightpath Academy",
    success: "Brightpath is on the approved list of 40 school districts.",
    future: "The onboarding course every new teacher in the region takes.",
    focus: "District procurement cycles",
    resist: "Custom course content per district.",
    discipline: "One pipeline review a week with every open district in it.",
    constraint: "Procurement windows open only twice a year.",
    notes: "Pipeline is strong; conversion is the question.",
    theses: [
      [
        "Districts buy when a neighbouring district already uses it.",
        [
          ["Two referrals convert within one procurement window", "in_progress", "One converted, one in review.", 1],
          ["Reference calls shorten the cycle by a month", "observed", "Average 4.1 vs 5.3 months.", -4],
        ],
      ],
      [
        "Completion certificates matter more than course count.",
        [["Districts cite certificates in renewal notes", "not_started", null, 5]],
      ],
      [
        "A state grant can fund the first year.",
        [["One district pays with the teacher-development grant", "observed", "Granite Falls, March.", -5]],
      ],
    ],
    testing: [0],
  },
  {
    name: "Northwind Retail Analytics",
    gm: "ben",
    lane: "sell",
    product: "Northwind Shelf Insights",
    success: "Regional grocers renew at 95% and expand to a second store format.",
    future: "Shelf data as a standard line in every regional grocer's budget.",
    focus: "Expansion inside existing grocers",
    resist: "Chasing national chains with year-long pilots.",
    discipline: "Every account has a named expansion hypothesis.",
    constraint: "Camera hardware supply is single-sourced.",
    notes: null,
    theses: [
      [
        "Store managers who see out-of-stock alerts ask for more stores.",
        [
          ["Four grocers add a second format", "in_progress", "Two added convenience stores.", 2],
          ["Alert open rate above 70%", "observed", "74% in Q2.", -3],
        ],
      ],
      [
        "Suppliers will co-fund the cameras.",
        [
          ["A supplier pays for cameras in ten stores", "stalled", "Supplier paused all trade spend.", -2],
          ["Co-funding terms drafted with two suppliers", "not_started", null, 1],
        ],
      ],
    ],
    testing: [1, 0],
  },
  {
    name: "Clearwater Utilities",
    gm: "chloe",
    lane: "sell",
    product: "Clearwater Meter Hub",
    success: "Ten municipal utilities replace manual meter reads with the hub.",
    future: "The reference platform for small water utilities.",
    focus: "Shortening the pilot-to-contract step",
    resist: "Selling to investor-owned utilities before the municipal playbook works.",
    discipline: "Pilots have written success criteria before install.",
    constraint: "Field installs depend on one contractor.",
    notes: "Two council votes pending.",
    theses: [
      [
        "Written pilot criteria turn pilots into contracts.",
        [
          ["Three pilots with written criteria sign within 60 days", "in_progress", null, 0],
          ["Councils approve on first reading", "observed", "Both votes passed first time.", -1],
        ],
      ],
      [
        "Leak alerts alone justify the price.",
        [["A utility quantifies leak savings above the subscription", "not_started", null, 4]],
      ],
      [
        "Utilities share a buying consortium.",
        [["The state consortium lists Clearwater", "in_progress", "Application submitted.", 2]],
      ],
      [
        "Customers self-install after the first site.",
        [["Second site installed without our crew", "stalled", "Utility lacked trained staff.", -3]],
      ],
      [
        "Reads every 15 minutes unlock a premium tier.",
        [["One utility buys the premium tier", "not_started", null, 6]],
      ],
    ],
    testing: [0, 0],
  },
  {
    name: "Pillar HR",
    gm: "ana",
    lane: "sell",
    product: "Pillar Onboarding",
    success: "New hires at 200-person companies are productive in their second week.",
    future: "Onboarding that HR teams run without IT tickets.",
    focus: "Partner channel through payroll providers",
    resist: "Building a full HRIS.",
    discipline: "Partner deals reviewed jointly every month.",
    constraint: "Payroll partner APIs change without notice.",
    notes: null,
    theses: [
      [
        "Payroll providers resell onboarding as an add-on.",
        [
          ["One payroll provider lists Pillar in its marketplace", "observed", "Listed since April.", -6],
          ["Marketplace brings 20 qualified leads a month", "in_progress", "12 last month.", 0],
        ],
      ],
      [
        "IT-free setup is the buying reason.",
        [["Buyers name zero-IT setup in win interviews", "in_progress", null, 1]],
      ],
    ],
    testing: [0, 1],
  },
  {
    name: "Archive Pro",
    gm: "ben",
    lane: "milk",
    product: "Archive Pro Records",
    success: "Keep 90% gross margin while customers stay on the platform.",
    future: "A steady, low-touch product that funds the build lane.",
    focus: "Retention of the top 50 accounts",
    resist: "New features that raise support load.",
    discipline: "Quarterly health check with every top-50 account.",
    constraint: "The storage engine is end-of-life in two years.",
    notes: "Funds about a third of the build lane.",
    theses: [
      [
        "Top accounts stay if migration to the new storage engine is invisible.",
        [
          ["Five accounts migrated with no support ticket", "observed", "Six migrated, one ticket (billing).", -2],
          ["All top-50 accounts migrated", "in_progress", null, 5],
        ],
      ],
      [
        "A price rise of 5% costs less than 2% of accounts.",
        [["Churn after the rise stays below 2%", "in_progress", "1.1% so far.", 1]],
      ],
    ],
    testing: [0, 1],
  },
  {
    name: "Signal Telecom Billing",
    gm: "chloe",
    lane: "milk",
    product: "Signal Rater",
    success: "Run the rating engine for our twelve carriers at minimum cost.",
    future: "Hand the remaining carriers to a partner with a clean exit.",
    focus: "Cost to serve",
    resist: "Taking on new carriers.",
    discipline: "Every change is judged on support hours saved.",
    constraint: "Two carriers have contracts until 2028.",
    notes: null,
    theses: [
      [
        "Automated invoice checks halve support hours.",
        [["Support hours below 40 a month", "observed", "36 hours in June.", -1]],
      ],
      [
        "A partner will take the carriers on our terms.",
        [
          ["A partner signs a transition letter", "stalled", "Partner acquired; talks paused.", -4],
          ["Second partner shortlisted", "not_started", null, 2],
        ],
      ],
    ],
    testing: [1],
  },
  {
    name: "Greenleaf Payroll",
    gm: "ana",
    lane: "milk",
    product: "Greenleaf Classic",
    success: "Hold 1,200 small-business customers with one support engineer per 400.",
    future: "Customers move to Pillar at their own pace.",
    focus: "Self-service answers",
    resist: "Rewriting the tax engine.",
    discipline: "Tax table updates tested against last year's returns.",
    constraint: "The tax engine depends on a vendor library.",
    notes: "Candidate for a managed transition to Pillar.",
    theses: [
      [
        "Help articles answer most tickets.",
        [
          ["Deflection rate above 50%", "in_progress", "46% in Q2.", 1],
          ["Ticket volume down 20% year on year", "observed", "Down 23%.", -5],
        ],
      ],
      [
        "Customers accept a move to Pillar when payroll history moves too.",
        [["Ten customers migrate with full history", "not_started", null, 3]],
      ],
      ["Annual billing reduces churn.", [["Half of customers on annual plans", "in_progress", null, -1]]],
    ],
    testing: [2, 0],
  },
  {
    name: "Beacon Security",
    gm: "ben",
    lane: "reframe",
    product: "Beacon Access",
    success: "Find a segment where Beacon wins without discounting.",
    future: "Either a focused access product for clinics or an orderly wind-down.",
    focus: "Interviewing clinics that bought without a discount",
    resist: "Shipping features for the broad market while reframing.",
    discipline: "Every hypothesis has a kill date.",
    constraint: "Six months of runway at the current burn.",
    notes: "Decision on direction at the next portfolio review.",
    theses: [
      [
        "Clinics value audit trails over convenience.",
        [
          ["Eight of ten clinic interviews rank audit first", "observed", "Nine of ten.", -1],
          ["A clinic pays full price for the audit bundle", "in_progress", null, 1],
        ],
      ],
      [
        "Badge hardware partners will bundle Beacon.",
        [["A hardware partner quotes a bundle", "stalled", "No reply since the trade show.", -2]],
      ],
      [
        "Burn can halve without losing clinic customers.",
        [["Burn under half of January's", "in_progress", "At 62%.", 0]],
      ],
    ],
    testing: [0, 1],
  },
  {
    name: "Mosaic Media",
    gm: "chloe",
    lane: "reframe",
    product: "Mosaic Studio",
    success: "Decide whether Mosaic is a product for agencies or a feature for partners.",
    future: "A licensable editing engine inside partner products.",
    focus: "Partner licensing conversations",
    resist: "Adding templates to win individual creators.",
    discipline: "Weekly write-up of what each partner said, unedited.",
    constraint: "The editing engine has one maintainer.",
    notes: null,
    theses: [
      [
        "Partners pay to embed the editor rather than build one.",
        [
          ["Two partners sign evaluation agreements", "in_progress", "One signed.", 0],
          ["An evaluation turns into a paid licence", "not_started", null, 4],
        ],
      ],
      [
        "Agencies churn because of collaboration gaps.",
        [["Exit interviews confirm collaboration as the main reason", "observed", "7 of 11 exits.", -3]],
      ],
    ],
    testing: [0],
  },
];

export { monthFromNow };

/** True when the database has no users yet. */
export async function isEmpty(db: Database): Promise<boolean> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(users);
  return (row?.n ?? 0) === 0;
}

export interface SeedOptions {
  /**
   * Where the demo's evidence files go. Without it the seed writes no evidence at all (no
   * attachment row without its file): the app's scripts pass the app's storage, tests that
   * want the evidence a storage of their own.
   */
  storage?: AttachmentStorage;
}

/**
 * Writes the demo portfolio in one transaction: the people; the VBUs, each with its canvas as its
 * GM first wrote it a year ago, moved forward step by step through the year (DEMO_HISTORY's
 * `earlier`) to three months ago, then month by month to today's, with the monthly reviews that
 * froze it on the way; and the drafts. Every write goes through the change history's triggers,
 * dated and credited to the demo person who would have made it (canvas.history_at and
 * canvas.history_by, which the seed's system actor may set).
 */
export async function seedDemo(db: Database, options: SeedOptions = {}): Promise<{ users: number; vbus: number }> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const now = new Date();
  return db.transaction(async (tx) => {
    await actAs(tx, SEED_ACTOR); // the change history's name for what the seed wrote
    const inserted = await tx
      .insert(users)
      .values(DEMO_USERS.map(({ email, name, role }) => ({ email, name, role })))
      .returning({ id: users.id, email: users.email });
    // better-auth's credential account: accountId is the user's id.
    await tx
      .insert(accounts)
      .values(
        inserted.map(({ id }) => ({ userId: id, providerId: "credential", accountId: id, password: passwordHash })),
      );
    const idOf = (key: string) => {
      const email = DEMO_USERS.find((u) => u.key === key)?.email;
      const id = inserted.find((u) => u.email === email)?.id;
      if (!id) throw new Error(`Demo user ${key} missing`);
      return id;
    };
    const adminId = idOf("admin");

    for (const [index, seed] of DEMO_VBUS.entries()) {
      const gmId = idOf(seed.gm);
      const history = DEMO_HISTORY[seed.name];
      if (!history) throw new Error(`Demo history: none for ${seed.name}`);
      const { created, earlier, recent } = canvasStates(seed, history, options.storage !== undefined);
      const hour = 9 + (index % 8);
      const clock = new HistoryClock(tx, seed.name);
      const createdAt = pastMoment(now, CREATED_MONTH, 1 + index, hour);
      await clock.set(createdAt, adminId);
      const [vbu] = await tx
        .insert(vbus)
        .values({ name: seed.name, gmId, updatedBy: adminId })
        .returning({ id: vbus.id });
      const writer = new CanvasWriter(tx, vbu!.id, gmId, options.storage, now);
      await clock.set(new Date(createdAt.getTime() + DAY), gmId);
      await writer.create(created);
      let state = created;
      for (const { step, after } of earlier) {
        await clock.set(pastMoment(now, step.month, step.day, hour), step.by === "admin" ? adminId : gmId);
        await writer.move(state, after);
        state = after;
      }

      // The last three months: a review published (and acknowledged) each month, then the month's changes.
      const published = history.reviews.map((review, step) => pastMoment(now, step - 2, review.publishedDay, hour));
      for (const [step, review] of history.reviews.entries()) {
        const monthOffset = step - 3;
        const publishedAt = published[step]!;
        const snapshot = await freezeCanvas(tx, vbu!.id, publishedAt);
        const publishedBy = review.byAdmin ? adminId : gmId;
        const acknowledgedAt = review.acknowledged ? pastMoment(now, 0, 0, 0, publishedAt, 2) : null;
        // Started as a draft three days before (a draft's writes are not in the history)…
        const [draft] = await tx
          .insert(monthlyReviews)
          .values({
            vbuId: vbu!.id,
            month: monthFromNow(monthOffset, now),
            learned: review.learned,
            decisions: review.decisions,
            asks: review.asks,
            nextFocus: review.nextFocus,
            health: review.health,
            createdAt: new Date(publishedAt.getTime() - 3 * DAY),
            createdBy: gmId,
            updatedAt: new Date(publishedAt.getTime() - 3 * DAY),
            updatedBy: gmId,
          })
          .returning({ id: monthlyReviews.id });
        // …published (2)…
        await clock.set(publishedAt, publishedBy);
        await tx
          .update(monthlyReviews)
          .set({
            status: "published",
            snapshot,
            publishedAt,
            publishedBy,
            version: 2,
            updatedAt: publishedAt,
            updatedBy: publishedBy,
          })
          .where(eq(monthlyReviews.id, draft!.id));
        // …and acknowledged (3).
        if (acknowledgedAt) {
          await clock.set(acknowledgedAt, adminId);
          await tx
            .update(monthlyReviews)
            .set({ acknowledgedAt, acknowledgedBy: adminId, acknowledgementComment: review.acknowledged, version: 3 })
            .where(eq(monthlyReviews.id, draft!.id));
        }
        // The month's changes, a while after the review and before the next one (or now).
        const from = acknowledgedAt ?? publishedAt;
        const until = published[step + 1] ?? now;
        await clock.set(
          new Date(from.getTime() + (until.getTime() - from.getTime()) * (0.25 + (index % 4) / 10)),
          gmId,
        );
        await writer.move(recent[step]!, recent[step + 1]!);
      }
      if (history.draft) {
        const { month, ...narrative } = history.draft;
        await tx.insert(monthlyReviews).values({
          vbuId: vbu!.id,
          month: monthFromNow(month, now),
          ...narrative,
          version: 2,
          createdBy: gmId,
          updatedBy: gmId,
        });
      }
    }
    return { users: inserted.length, vbus: DEMO_VBUS.length };
  });
}

/**
 * Dates and credits the change history's next entries (the seed's system actor may): each moment
 * must come after the one before, so a VBU's history reads in the order it was written.
 */
class HistoryClock {
  private last = 0;

  constructor(
    private readonly tx: Tx,
    private readonly vbuName: string,
  ) {}

  async set(at: Date, by: string): Promise<void> {
    if (at.getTime() <= this.last) throw new Error(`Demo history of ${this.vbuName} goes back to ${at.toISOString()}`);
    this.last = at.getTime();
    await this.tx.execute(
      sql`SELECT set_config('canvas.history_at', ${at.toISOString()}, true), set_config('canvas.history_by', ${by}, true)`,
    );
  }
}

const DAY = 24 * 60 * 60 * 1000;

/**
 * A moment in the past: `day` of the month `monthOffset` from now's at `hour` UTC, or `days` after
 * `from`; if that is not yet past, an hour before now (a review of last month "published on the
 * 4th" when today is the 2nd was published just now).
 */
function pastMoment(now: Date, monthOffset: number, day: number, hour: number, from?: Date, days = 0): Date {
  const at = from
    ? new Date(from.getTime() + days * DAY)
    : new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + monthOffset, day, hour));
  if (at.getTime() < now.getTime() - 60 * 60 * 1000) return at;
  const fallback = new Date(now.getTime() - 60 * 60 * 1000);
  return from && fallback <= from ? new Date(from.getTime() + 60 * 1000) : fallback;
}

// ---------------------------------------------------------------------------- a canvas at a month

interface PointState {
  /** "thesis.point", by index in DEMO_VBUS. */
  ref: string;
  description: string;
  status: ProofPointStatus;
  evidenceNote: string | null;
  month: number | null;
  evidence: EvidenceSeed[];
}

interface ThesisState {
  /** By index in DEMO_VBUS. */
  index: number;
  text: string;
  points: PointState[];
}

/** A canvas as plain data: what the seed writes, and what each month's review froze. */
export interface CanvasState {
  lane: LifecycleLane;
  fields: Record<CanvasField, string | null>;
  /** In display order. */
  theses: ThesisState[];
  testing: [number] | [number, number] | null;
}

const refOf = ([thesis, point]: PointRef) => `${thesis}.${point}`;

function todaysState(seed: VbuSeed, evidence: EvidenceSeed[]): CanvasState {
  return {
    lane: seed.lane,
    fields: {
      productName: seed.product,
      successDescription: seed.success,
      futureStateIntent: seed.future,
      primaryFocus: seed.focus,
      resistDoing: seed.resist,
      goodDiscipline: seed.discipline,
      primaryConstraint: seed.constraint,
      portfolioNotes: seed.notes,
    },
    theses: seed.theses.map(([text, points], t) => ({
      index: t,
      text,
      points: points.map(([description, status, evidenceNote, month], p) => ({
        ref: refOf([t, p]),
        description,
        status,
        evidenceNote,
        month,
        evidence: evidence.filter((e) => refOf(e.point) === refOf([t, p])),
      })),
    })),
    testing: seed.testing,
  };
}

/** The canvas one month earlier than `state`, given how it differed then. */
export function undo(state: CanvasState, edits: Edit[]): CanvasState {
  const earlier = structuredClone(state);
  const thesis = (index: number) => {
    const found = earlier.theses.find((t) => t.index === index);
    if (!found) throw new Error(`Demo history: no thesis ${index}`);
    return found;
  };
  const point = (ref: PointRef) => {
    const found = thesis(ref[0]).points.find((p) => p.ref === refOf(ref));
    if (!found) throw new Error(`Demo history: no proof point ${refOf(ref)}`);
    return found;
  };
  for (const edit of edits) {
    switch (edit.kind) {
      case "status":
        Object.assign(point(edit.point), { status: edit.was, evidenceNote: edit.note });
        break;
      case "note":
        point(edit.point).evidenceNote = edit.was;
        break;
      case "target":
        point(edit.point).month = edit.was;
        break;
      case "thesisText":
        thesis(edit.thesis).text = edit.was;
        break;
      case "order":
        if (edit.was.length !== earlier.theses.length) throw new Error("Demo history: an order names every thesis");
        earlier.theses = edit.was.map(thesis);
        break;
      case "field":
        earlier.fields[edit.field] = edit.was;
        break;
      case "lane":
        earlier.lane = edit.was;
        break;
      case "testing":
        earlier.testing = edit.was;
        break;
      case "newPoint": {
        // Added later means shown last: proof points are listed in the order they were added.
        const points = thesis(edit.point[0]).points;
        if (points.at(-1)?.ref !== refOf(edit.point)) throw new Error(`Demo history: ${refOf(edit.point)} is not last`);
        points.pop();
        break;
      }
      case "newThesis":
        if (earlier.theses.at(-1)?.index !== edit.thesis)
          throw new Error(`Demo history: thesis ${edit.thesis} is not last`);
        earlier.theses.pop();
        break;
      case "newEvidence":
        for (const t of earlier.theses) {
          for (const p of t.points) p.evidence = p.evidence.filter((e) => e.filename !== edit.filename);
        }
        break;
    }
  }
  // What it was testing then was on the canvas then (thesis and point throw otherwise).
  if (earlier.testing?.length === 1) thesis(earlier.testing[0]);
  else if (earlier.testing) point(earlier.testing);
  return earlier;
}

/**
 * A VBU's canvas as its GM first wrote it, after each earlier step (oldest first), and three months
 * ago, two, last month and today (the first of these is where the earlier steps end).
 */
function canvasStates(
  seed: VbuSeed,
  history: VbuHistory,
  withEvidence: boolean,
): { created: CanvasState; earlier: { step: EarlierStep; after: CanvasState }[]; recent: CanvasState[] } {
  const today = todaysState(seed, withEvidence ? history.evidence : []);
  const lastMonth = undo(today, history.was[0]);
  const twoMonthsAgo = undo(lastMonth, history.was[1]);
  const recent = [undo(twoMonthsAgo, history.was[2]), twoMonthsAgo, lastMonth, today];
  const earlier: { step: EarlierStep; after: CanvasState }[] = [];
  let after = recent[0]!;
  for (const step of history.earlier) {
    earlier.unshift({ step, after });
    after = undo(after, step.was);
  }
  return { created: after, earlier, recent };
}

// ---------------------------------------------------------------------------- writing it

/** Writes one VBU's canvas in a state, then moves it from one state to the next. */
class CanvasWriter {
  private canvasId = "";
  private readonly thesisIds = new Map<number, string>();
  private readonly pointIds = new Map<string, string>();

  constructor(
    private readonly tx: Tx,
    private readonly vbuId: string,
    private readonly gmId: string,
    private readonly storage: AttachmentStorage | undefined,
    private readonly now: Date,
  ) {}

  async create(state: CanvasState): Promise<void> {
    const [canvas] = await this.tx
      .insert(canvases)
      .values({
        vbuId: this.vbuId,
        lifecycleLane: state.lane,
        ...state.fields,
        updatedBy: this.gmId,
        versionSavedBy: this.gmId,
      })
      .returning({ id: canvases.id });
    this.canvasId = canvas!.id;
    await this.move({ ...state, theses: [], testing: null }, state);
  }

  async move(from: CanvasState, to: CanvasState): Promise<void> {
    const { tx } = this;
    const changed: Partial<CanvasState["fields"] & { lifecycleLane: LifecycleLane }> = {};
    for (const [field, value] of Object.entries(to.fields) as [CanvasField, string | null][]) {
      if (from.fields[field] !== value) changed[field] = value;
    }
    if (from.lane !== to.lane) changed.lifecycleLane = to.lane;
    if (Object.keys(changed).length > 0) await tx.update(canvases).set(changed).where(eq(canvases.id, this.canvasId));

    // Theses that moved, in one statement (the order's unique constraint is checked at its end).
    const moved = to.theses.flatMap((thesis, position) => {
      const before = from.theses.findIndex((t) => t.index === thesis.index);
      return before !== -1 && before !== position
        ? [{ id: this.thesisIds.get(thesis.index)!, order: position + 1 }]
        : [];
    });
    if (moved.length > 0) {
      const cases = moved.map(({ id, order }) => sql`WHEN ${id}::uuid THEN ${order}::int`);
      await tx
        .update(theses)
        .set({ order: sql`CASE ${theses.id} ${sql.join(cases, sql` `)} END` })
        .where(
          inArray(
            theses.id,
            moved.map((m) => m.id),
          ),
        );
    }

    for (const [position, thesis] of to.theses.entries()) {
      const before = from.theses.find((t) => t.index === thesis.index);
      if (!before) {
        const [row] = await tx
          .insert(theses)
          .values({ canvasId: this.canvasId, order: position + 1, text: thesis.text })
          .returning({ id: theses.id });
        this.thesisIds.set(thesis.index, row!.id);
      } else if (before.text !== thesis.text) {
        await tx
          .update(theses)
          .set({ text: thesis.text })
          .where(eq(theses.id, this.thesisIds.get(thesis.index)!));
      }
      const thesisId = this.thesisIds.get(thesis.index)!;
      const added = thesis.points.filter((p) => !before?.points.some((b) => b.ref === p.ref));
      if (added.length > 0) {
        const rows = await tx
          .insert(proofPoints)
          .values(added.map((p) => ({ thesisId, ...this.pointValues(p) })))
          .returning({ id: proofPoints.id });
        added.forEach((p, i) => this.pointIds.set(p.ref, rows[i]!.id));
      }
      for (const point of thesis.points) {
        const was = before?.points.find((b) => b.ref === point.ref);
        const values = this.pointValues(point);
        if (was && JSON.stringify(this.pointValues(was)) !== JSON.stringify(values)) {
          await tx
            .update(proofPoints)
            .set(values)
            .where(eq(proofPoints.id, this.pointIds.get(point.ref)!));
        }
        for (const file of point.evidence) {
          if (!was?.evidence.some((e) => e.filename === file.filename)) await this.attach(point.ref, file);
        }
      }
    }

    if (JSON.stringify(from.testing) !== JSON.stringify(to.testing) && to.testing) {
      const [t, p] = to.testing;
      await tx
        .update(canvases)
        .set(
          p === undefined
            ? { currentlyTestingType: "thesis", currentlyTestingId: this.thesisIds.get(t)! }
            : { currentlyTestingType: "proof_point", currentlyTestingId: this.pointIds.get(`${t}.${p}`)! },
        )
        .where(eq(canvases.id, this.canvasId));
    }
  }

  private pointValues(point: PointState) {
    const { description, status, evidenceNote, month } = point;
    return {
      description,
      status,
      evidenceNote,
      targetReviewMonth: month === null ? null : monthFromNow(month, this.now),
    };
  }

  /** Writes the file through the storage driver, then its row: never a row without its file. */
  private async attach(ref: string, file: EvidenceSeed): Promise<void> {
    if (!this.storage) throw new Error("Demo evidence needs a storage");
    const pdf = file.filename.endsWith(".pdf");
    const bytes = pdf ? tinyPdf(file.content) : new TextEncoder().encode(file.content);
    const staged = await this.storage.stage(new Blob([bytes]).stream(), ATTACHMENT_MAX_BYTES);
    const storagePath = newStoragePath(this.now);
    await this.storage.commit(staged, storagePath, null);
    await this.tx.insert(attachments).values({
      proofPointId: this.pointIds.get(ref)!,
      filename: file.filename,
      storagePath,
      contentType: pdf ? "application/pdf" : "text/csv",
      sizeBytes: bytes.byteLength,
      label: file.label,
      uploadedBy: this.gmId,
    });
  }
}
