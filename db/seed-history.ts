// The demo's past: how each VBU's canvas looked at the last three monthly reviews, and what its
// GM wrote in them. Each VBU's canvas today is DEMO_VBUS (db/seed.ts); its `was` lists say what
// was different at each earlier review, going back one month at a time. The seed builds the
// canvas as it was three months ago, freezes it (the very freezeCanvas a publish calls) into
// that month's review, moves it forward a month, freezes again, and ends at today's canvas, so
// "what changed since the last review" shows real changes: status moves, a reordered thesis, a
// rewritten field, a lane move, new proof points and theses, new evidence files. Before that,
// `earlier` goes back to the canvas as its GM first wrote it a year ago: the seed writes every step
// through the change history's triggers, dated and credited (db/seed.ts), so the history, the
// timelines and the trends have a year to show. Signal Telecom Billing and Mosaic Media changed
// nothing for the last four months: the board shows them stale.
import type { LifecycleLane, ProofPointStatus, ReviewHealth } from "./schema";

/** A canvas's own text fields, by their column names in db/schema.ts. */
export type CanvasField =
  | "productName"
  | "successDescription"
  | "futureStateIntent"
  | "primaryFocus"
  | "resistDoing"
  | "goodDiscipline"
  | "primaryConstraint"
  | "portfolioNotes";

/** A proof point by its indices in DEMO_VBUS: [thesis, proof point]. */
export type PointRef = [number, number];

/** One way an earlier canvas differed from the next month's (values are what it was then). */
export type Edit =
  | { kind: "status"; point: PointRef; was: ProofPointStatus; note: string | null }
  | { kind: "note"; point: PointRef; was: string | null }
  | { kind: "target"; point: PointRef; was: number | null }
  | { kind: "thesisText"; thesis: number; was: string }
  /** The theses in the order they were shown then, by index in DEMO_VBUS. */
  | { kind: "order"; was: number[] }
  | { kind: "field"; field: CanvasField; was: string | null }
  | { kind: "lane"; was: LifecycleLane }
  | { kind: "testing"; was: [number] | [number, number] }
  /** Added later: the last proof point of its thesis. */
  | { kind: "newPoint"; point: PointRef }
  /** Added later: a thesis after every one that was there before. */
  | { kind: "newThesis"; thesis: number }
  /** Added later, by file name. */
  | { kind: "newEvidence"; filename: string };

/** An evidence file on a proof point today: a small CSV or PDF the seed writes to storage. */
export interface EvidenceSeed {
  point: PointRef;
  filename: string;
  label: string | null;
  /** CSV: the file's text. PDF: the line printed on its one page (ASCII). */
  content: string;
}

export interface ReviewSeed {
  health: ReviewHealth;
  learned: string;
  decisions: string;
  asks: string;
  nextFocus: string;
  /** The day of the following month it was published. */
  publishedDay: number;
  /** Published by the admin instead of the GM (the GM was away). */
  byAdmin?: true;
  /** Acknowledged by the admin, with this comment. */
  acknowledged?: string;
}

export interface DraftSeed {
  /** 0: this month's review; -1: last month's, still a draft. */
  month: 0 | -1;
  learned: string | null;
  decisions: string | null;
  asks: string | null;
  nextFocus: string | null;
}

/**
 * A dated change before the last three reviews: on `day` of the month `month` from now (-11 to
 * -3), by the VBU's GM or the admin, after which the canvas was as the next step (or three months
 * ago's) has it; `was` says how it differed before, as the months of `VbuHistory.was` do.
 */
export interface EarlierStep {
  month: number;
  day: number;
  /** A portfolio decision (a lane move) is the admin's; the rest is the GM's. */
  by?: "admin";
  was: Edit[];
}

/** Every VBU and its canvas were created this many months from now, the VBU by the admin. */
export const CREATED_MONTH = -12;

export interface VbuHistory {
  /** What the canvas was at last month's review, compared with today; then two months ago, compared with last month; then three. */
  was: [lastMonth: Edit[], twoMonthsAgo: Edit[], threeMonthsAgo: Edit[]];
  /** The year before that, newest first: how the canvas came to be what it was three months ago. */
  earlier: EarlierStep[];
  evidence: EvidenceSeed[];
  /** Three months ago, two months ago, last month. */
  reviews: [ReviewSeed, ReviewSeed, ReviewSeed] | [];
  draft?: DraftSeed;
}

const csv = (rows: (string | number)[][]) => rows.map((r) => r.join(",")).join("\n") + "\n";

/** Keyed by VBU name: every VBU of DEMO_VBUS. */
export const DEMO_HISTORY: Record<string, VbuHistory> = {
  "Harbor Logistics": {
    was: [
      // The pilot started this month, after last month's review.
      [{ kind: "status", point: [0, 0], was: "not_started", note: null }],
      [
        { kind: "status", point: [1, 0], was: "in_progress", note: "Aalborg signed; Rotterdam-Noord still reviewing." },
        { kind: "newEvidence", filename: "per-call-pricing-loi.pdf" },
      ],
      [
        { kind: "order", was: [1, 0, 2] },
        { kind: "testing", was: [1, 0] },
        { kind: "status", point: [2, 0], was: "in_progress", note: "Legal review started." },
      ],
    ],
    earlier: [
      { month: -4, day: 12, was: [{ kind: "status", point: [1, 0], was: "not_started", note: null }] },
      {
        month: -6,
        day: 8,
        was: [
          { kind: "status", point: [2, 0], was: "not_started", note: null },
          { kind: "newPoint", point: [1, 1] },
        ],
      },
      {
        month: -9,
        day: 15,
        was: [
          { kind: "thesisText", thesis: 0, was: "Planners accept automatic slot proposals." },
          { kind: "newThesis", thesis: 2 },
        ],
      },
      { month: -10, day: 20, was: [{ kind: "order", was: [0, 1] }] },
    ],
    evidence: [
      {
        point: [1, 0],
        filename: "per-call-pricing-loi.pdf",
        label: "Signed letters of intent",
        content: "Per-call pricing letters of intent: Rotterdam-Noord and Aalborg",
      },
    ],
    reviews: [
      {
        health: "on_track",
        learned:
          "Aalborg signed the per-call pricing letter within a week of seeing it. Ports like paying for calls they actually make.",
        decisions: "Pricing is settled enough: we put slot proposals first on the canvas from next month.",
        asks: "None this month.",
        nextFocus: "Get Rotterdam-Noord's signature and start the slot-proposal pilot design.",
        publishedDay: 3,
        acknowledged: "Good start. Keep pricing simple while the pilots run.",
      },
      {
        health: "at_risk",
        learned:
          "The crane telemetry deal is stuck in the operator's legal review, and nobody there owns it. Rotterdam-Noord signed.",
        decisions: "Slot proposals are now our first thesis. We stopped chasing telemetry until legal answers.",
        asks: "An introduction to the general counsel of the terminal operator's parent company, by the end of the month.",
        nextFocus: "Pilot design with the Aalborg planners.",
        publishedDay: 5,
        acknowledged: "I will make the introduction this week.",
      },
      {
        health: "on_track",
        learned:
          "Planners want to see why a slot was proposed before they accept it; without the reason they redo it by hand.",
        decisions: "We build the explanation panel before any more automation.",
        asks: "One more engineer who knows terminal protocols for two months (people).",
        nextFocus: "Start the acceptance pilot at Aalborg and measure accepted proposals weekly.",
        publishedDay: 4,
      },
    ],
    draft: {
      month: 0,
      learned: "Week 2 of the pilot: 41% of proposals accepted unchanged.",
      decisions: null,
      asks: null,
      nextFocus: null,
    },
  },

  Fieldnote: {
    was: [
      [],
      [
        { kind: "testing", was: [0, 0] },
        { kind: "status", point: [0, 1], was: "not_started", note: null },
      ],
      [
        { kind: "status", point: [0, 0], was: "in_progress", note: "Median 24 minutes over 61 reports." },
        { kind: "thesisText", thesis: 1, was: "Firms pay more for photo evidence." },
        { kind: "newPoint", point: [1, 1] },
        { kind: "newEvidence", filename: "pilot-report-times.csv" },
      ],
    ],
    earlier: [
      { month: -5, day: 18, was: [{ kind: "status", point: [0, 0], was: "not_started", note: null }] },
      {
        month: -8,
        day: 6,
        was: [{ kind: "field", field: "primaryFocus", was: "A phone report inspectors finish on site" }],
      },
      { month: -11, day: 14, was: [{ kind: "newPoint", point: [0, 1] }] },
    ],
    evidence: [
      {
        point: [0, 0],
        filename: "pilot-report-times.csv",
        label: "Pilot report times",
        content: csv([
          ["week", "reports", "median_minutes"],
          [1, 38, 26],
          [2, 61, 24],
          [3, 55, 18],
          [4, 58, 17],
        ]),
      },
    ],
    reviews: [
      {
        health: "at_risk",
        learned: "Reports take 24 minutes on the phone; the photo upload in basements is most of the wait.",
        decisions: "Offline capture first; the desktop editor stays off the roadmap.",
        asks: "A React Native contractor for three months, about €45k (money).",
        nextFocus: "Offline photo queue, tested in the car park basement.",
        publishedDay: 6,
        acknowledged: "Approved the contractor budget. Report back on the offline queue.",
      },
      {
        health: "on_track",
        learned: "With the offline queue the median report is 17 minutes, under our 20-minute bar.",
        decisions: "The report-time proof point is observed. Next we test whether firms pay for photo evidence.",
        asks: "None this month.",
        nextFocus: "Get the pilot firm to stop printing blank forms.",
        publishedDay: 4,
        acknowledged: "Great result.",
      },
      {
        health: "on_track",
        learned: "The pilot firm still prints forms for older inspectors who do not trust the phone yet.",
        decisions: "We now test the evidence thesis: one dispute won with a Fieldnote photo.",
        asks: "An introduction to an insurer's claims team.",
        nextFocus: "Find a customer with a live dispute.",
        publishedDay: 3,
      },
    ],
  },

  Ledgerlight: {
    was: [
      [],
      [
        { kind: "status", point: [1, 0], was: "in_progress", note: "81% across three customers." },
        { kind: "testing", was: [1, 0] },
        { kind: "newThesis", thesis: 3 },
      ],
      [
        { kind: "status", point: [2, 0], was: "in_progress", note: "Audit firm reviewing the log format." },
        { kind: "field", field: "primaryFocus", was: "Bank feed coverage" },
      ],
    ],
    earlier: [
      { month: -4, day: 9, was: [{ kind: "status", point: [1, 1], was: "not_started", note: null }] },
      {
        month: -7,
        day: 21,
        was: [
          { kind: "status", point: [2, 0], was: "not_started", note: null },
          { kind: "newEvidence", filename: "match-rate-by-customer.csv" },
        ],
      },
      {
        month: -10,
        day: 3,
        was: [
          { kind: "status", point: [0, 0], was: "not_started", note: null },
          { kind: "thesisText", thesis: 2, was: "Auditors want the close log." },
        ],
      },
    ],
    evidence: [
      {
        point: [1, 0],
        filename: "match-rate-by-customer.csv",
        label: "Match rate at the first three customers",
        content: csv([
          ["customer", "bank_lines", "matched_pct"],
          ["Customer A", 1840, 79],
          ["Customer B", 960, 83],
          ["Customer C", 2210, 80],
        ]),
      },
    ],
    reviews: [
      {
        health: "on_track",
        learned: "Bank feeds cover all four customers now; accountants care more about which matches we suggest.",
        decisions: "Primary focus moves from feed coverage to reconciliation suggestions.",
        asks: "None this month.",
        nextFocus: "Raise the match rate on bank lines.",
        publishedDay: 2,
        acknowledged: "Agreed with the change of focus.",
      },
      {
        health: "at_risk",
        learned: "The audit firm will not read the close log without a SOC 2 report.",
        decisions: "Audit access is stalled until we decide on SOC 2.",
        asks: "€18k for a SOC 2 Type I audit, decided by the end of the quarter (money).",
        nextFocus: "Match rate above 85%.",
        publishedDay: 5,
        acknowledged: "Bring the SOC 2 request to the next portfolio review with a second quote.",
      },
      {
        health: "at_risk",
        learned: "Match rate is 88% across four customers. Days-to-close has not moved yet.",
        decisions: "We added a self-serve thesis: small teams may buy without a sales call.",
        asks: "Still waiting on the SOC 2 decision.",
        nextFocus: "Days-to-close at two customers; the aggregator renewal.",
        publishedDay: 6,
      },
    ],
  },

  "Brightpath Learning": {
    was: [
      [],
      [
        { kind: "note", point: [0, 0], was: "Two referrals in procurement." },
        { kind: "newEvidence", filename: "referral-pipeline.csv" },
      ],
      [
        { kind: "lane", was: "build" },
        { kind: "field", field: "primaryFocus", was: "Finishing the certificate course" },
      ],
    ],
    earlier: [
      {
        month: -4,
        day: 22,
        was: [{ kind: "status", point: [0, 1], was: "in_progress", note: "Average 4.6 vs 5.3 months so far." }],
      },
      {
        month: -5,
        day: 11,
        was: [{ kind: "status", point: [2, 0], was: "in_progress", note: "Granite Falls applied." }],
      },
      { month: -6, day: 2, was: [{ kind: "status", point: [0, 0], was: "not_started", note: null }] },
      { month: -8, day: 16, was: [{ kind: "status", point: [0, 1], was: "not_started", note: null }] },
      { month: -9, day: 7, was: [{ kind: "newThesis", thesis: 2 }] },
    ],
    evidence: [
      {
        point: [0, 0],
        filename: "referral-pipeline.csv",
        label: "Referral pipeline",
        content: csv([
          ["district", "referred_by", "stage"],
          ["Granite Falls", "-", "customer"],
          ["Cedar Ridge", "Granite Falls", "signed"],
          ["Millbrook", "Granite Falls", "in review"],
        ]),
      },
    ],
    reviews: [
      {
        health: "on_track",
        learned: "The certificate course is done and two districts asked for it unprompted.",
        decisions: "We propose moving Brightpath from Build to Sell.",
        asks: "Portfolio agreement on the move to Sell.",
        nextFocus: "Procurement timelines of the ten districts in the pipeline.",
        publishedDay: 3,
        acknowledged: "Agreed: moved to Sell.",
      },
      {
        health: "on_track",
        learned: "Districts that call a neighbouring district decide a month faster.",
        decisions: "Every open district gets a reference call before the window opens.",
        asks: "None this month.",
        nextFocus: "Convert the two referred districts.",
        publishedDay: 4,
        acknowledged: "Nice.",
      },
      {
        health: "at_risk",
        learned: "One referral converted, one is stuck in review until the next procurement window.",
        decisions: "No discounts to speed the second one up.",
        asks: "A sales lead for the spring window, part time (people).",
        nextFocus: "Prepare the spring procurement window.",
        publishedDay: 2,
        acknowledged: "Talk to Ben about sharing Northwind's sales lead.",
      },
    ],
  },

  "Northwind Retail Analytics": {
    was: [
      [],
      [
        { kind: "newPoint", point: [1, 1] },
        { kind: "note", point: [0, 0], was: "One grocer added convenience stores." },
      ],
      [
        { kind: "status", point: [1, 0], was: "in_progress", note: "Supplier agreed in principle." },
        { kind: "status", point: [0, 1], was: "in_progress", note: "68% so far." },
      ],
    ],
    earlier: [
      {
        month: -5,
        day: 4,
        was: [
          { kind: "status", point: [1, 0], was: "not_started", note: null },
          { kind: "testing", was: [0, 1] },
        ],
      },
      { month: -7, day: 19, was: [{ kind: "status", point: [0, 0], was: "not_started", note: null }] },
      {
        month: -10,
        day: 12,
        was: [
          { kind: "status", point: [0, 1], was: "not_started", note: null },
          { kind: "field", field: "resistDoing", was: "Custom dashboards for each grocer." },
        ],
      },
    ],
    evidence: [],
    reviews: [
      {
        health: "on_track",
        learned:
          "Store managers open most alerts within the hour; the supplier agreed in principle to co-fund cameras.",
        decisions: "Expansion inside existing grocers stays the focus.",
        asks: "None this month.",
        nextFocus: "Sign the co-funding with the supplier.",
        publishedDay: 5,
        acknowledged: "Thanks.",
      },
      {
        health: "off_track",
        learned: "The supplier paused all trade spend, so no co-funded cameras this year.",
        decisions: "Co-funding is stalled; we keep paying for cameras ourselves in the two expanding grocers.",
        asks: "Help from group procurement to qualify a second camera supplier (help).",
        nextFocus: "A second expansion, and co-funding terms with two other suppliers.",
        publishedDay: 6,
      },
      {
        health: "at_risk",
        learned: "Two grocers added convenience stores; camera lead times are now eight weeks.",
        decisions: "We draft co-funding terms with two more suppliers instead of waiting for the first.",
        asks: "Still need the second camera supplier.",
        nextFocus: "Co-funding terms drafted.",
        publishedDay: 3,
      },
    ],
  },

  "Clearwater Utilities": {
    was: [
      [],
      [
        { kind: "status", point: [0, 1], was: "in_progress", note: "First vote passed; second on the agenda." },
        { kind: "newEvidence", filename: "council-minutes.pdf" },
      ],
      [
        { kind: "thesisText", thesis: 2, was: "Utilities buy through a consortium." },
        { kind: "status", point: [2, 0], was: "not_started", note: null },
        { kind: "newThesis", thesis: 4 },
      ],
    ],
    earlier: [
      { month: -4, day: 16, was: [{ kind: "status", point: [0, 1], was: "not_started", note: null }] },
      {
        month: -6,
        day: 25,
        was: [{ kind: "status", point: [3, 0], was: "in_progress", note: "Second site scheduled for self-install." }],
      },
      { month: -8, day: 10, was: [{ kind: "status", point: [3, 0], was: "not_started", note: null }] },
      { month: -9, day: 2, was: [{ kind: "status", point: [0, 0], was: "not_started", note: null }] },
      { month: -11, day: 20, was: [{ kind: "order", was: [1, 0, 2, 3] }] },
    ],
    evidence: [
      {
        point: [0, 1],
        filename: "council-minutes.pdf",
        label: "Council minutes, both votes",
        content: "Council minutes: meter hub contract approved on first reading",
      },
    ],
    reviews: [
      {
        health: "on_track",
        learned: "Pilots with written success criteria move to a council vote; the others drift.",
        decisions: "No pilot installs without written criteria.",
        asks: "None this month.",
        nextFocus: "Consortium application; a premium-tier thesis.",
        publishedDay: 2,
        acknowledged: "Good discipline.",
      },
      {
        health: "on_track",
        learned: "The consortium takes applications once a year, and ours is in.",
        decisions: "We added the premium-tier thesis for 15-minute reads.",
        asks: "None this month.",
        nextFocus: "The second council vote.",
        publishedDay: 3,
        acknowledged: "Noted.",
      },
      {
        health: "on_track",
        learned: "Both councils approved on first reading.",
        decisions: "Three pilots with written criteria are our target this quarter.",
        asks: "Budget for a second install contractor, about €30k (money).",
        nextFocus: "Sign the three pilots within 60 days.",
        publishedDay: 5,
      },
    ],
  },

  "Pillar HR": {
    was: [
      [],
      [
        { kind: "note", point: [0, 1], was: "9 last month." },
        { kind: "status", point: [1, 0], was: "not_started", note: null },
      ],
      [
        { kind: "field", field: "primaryConstraint", was: "One payroll partner brings all our leads." },
        { kind: "testing", was: [1] },
      ],
    ],
    earlier: [
      { month: -5, day: 13, was: [{ kind: "status", point: [0, 1], was: "not_started", note: null }] },
      {
        month: -6,
        day: 3,
        was: [
          { kind: "status", point: [0, 0], was: "in_progress", note: "Listing in the provider's review queue." },
          { kind: "newEvidence", filename: "marketplace-listing.pdf" },
        ],
      },
      { month: -9, day: 24, was: [{ kind: "status", point: [0, 0], was: "not_started", note: null }] },
      { month: -11, day: 8, was: [{ kind: "newPoint", point: [0, 1] }] },
    ],
    evidence: [
      {
        point: [0, 0],
        filename: "marketplace-listing.pdf",
        label: "Marketplace listing confirmation",
        content: "Payroll marketplace: Pillar Onboarding listed as an add-on",
      },
    ],
    reviews: [
      {
        health: "at_risk",
        learned: "All our leads come from one payroll partner; when their API changed we lost a week.",
        decisions: "We test the marketplace lead flow before the IT-free setup story.",
        asks: "None this month.",
        nextFocus: "Marketplace leads per month.",
        publishedDay: 4,
        acknowledged: "Watch the single-partner risk.",
      },
      {
        health: "on_track",
        learned: "Nine qualified leads came through the marketplace.",
        decisions: "We start win interviews to test the IT-free setup reason.",
        asks: "None this month.",
        nextFocus: "Twelve leads; five win interviews.",
        publishedDay: 2,
        acknowledged: "Good.",
      },
      {
        health: "on_track",
        learned: "Twelve leads last month; two buyers named zero-IT setup without being asked.",
        decisions: "Keep the partner reviews monthly.",
        asks: "None this month.",
        nextFocus: "Twenty leads a month.",
        publishedDay: 5,
      },
    ],
  },

  "Archive Pro": {
    was: [
      [],
      [{ kind: "note", point: [1, 0], was: "0.4% so far." }],
      [
        { kind: "status", point: [0, 0], was: "in_progress", note: "Three migrated, no tickets." },
        { kind: "status", point: [0, 1], was: "not_started", note: null },
        { kind: "target", point: [0, 1], was: 4 },
        { kind: "testing", was: [0, 0] },
        { kind: "newEvidence", filename: "migration-tickets.csv" },
      ],
    ],
    earlier: [
      { month: -4, day: 7, was: [{ kind: "status", point: [1, 0], was: "not_started", note: null }] },
      { month: -6, day: 17, was: [{ kind: "status", point: [0, 0], was: "not_started", note: null }] },
      { month: -10, day: 5, was: [{ kind: "thesisText", thesis: 1, was: "A price rise costs us few accounts." }] },
    ],
    evidence: [
      {
        point: [0, 0],
        filename: "migration-tickets.csv",
        label: "Migration support tickets",
        content: csv([
          ["account", "migrated", "tickets"],
          ["Account 04", "yes", 0],
          ["Account 11", "yes", 0],
          ["Account 17", "yes", 1],
          ["Account 23", "yes", 0],
          ["Account 31", "yes", 0],
          ["Account 42", "yes", 0],
        ]),
      },
    ],
    reviews: [
      {
        health: "on_track",
        learned: "Three accounts migrated to the new storage engine without noticing.",
        decisions: "The price rise goes out with the next invoice run.",
        asks: "None this month.",
        nextFocus: "Three more migrations.",
        publishedDay: 3,
        acknowledged: "Fine.",
      },
      {
        health: "on_track",
        learned: "Six migrated, one ticket, about billing rather than the migration.",
        decisions: "We migrate all top-50 accounts, one month later than planned to spare the support team.",
        asks: "None this month.",
        nextFocus: "Churn after the price rise.",
        publishedDay: 2,
        byAdmin: true,
        acknowledged: "Published for Ben while he was away.",
      },
      {
        health: "on_track",
        learned: "Churn after the price rise is 1.1% so far.",
        decisions: "No new features this quarter.",
        asks: "None this month.",
        nextFocus: "Migrations of the next twenty accounts.",
        publishedDay: 4,
      },
    ],
  },

  "Greenleaf Payroll": {
    was: [
      [],
      [
        { kind: "note", point: [0, 0], was: "41% in Q2." },
        { kind: "thesisText", thesis: 1, was: "Customers move to Pillar when their payroll history moves too." },
      ],
      [
        { kind: "newThesis", thesis: 2 },
        { kind: "testing", was: [0, 0] },
        { kind: "field", field: "portfolioNotes", was: null },
      ],
    ],
    earlier: [
      { month: -5, day: 26, was: [{ kind: "status", point: [0, 1], was: "in_progress", note: "Down 17% so far." }] },
      { month: -7, day: 9, by: "admin", was: [{ kind: "lane", was: "sell" }] },
      {
        month: -8,
        day: 15,
        was: [
          { kind: "status", point: [0, 1], was: "not_started", note: null },
          { kind: "status", point: [0, 0], was: "not_started", note: null },
        ],
      },
      { month: -11, day: 27, was: [{ kind: "newThesis", thesis: 1 }] },
    ],
    evidence: [],
    reviews: [
      {
        health: "at_risk",
        learned: "Help articles deflect 38% of tickets; most tickets are about year-end forms.",
        decisions: "We try annual billing to reduce churn.",
        asks: "A decision on a managed transition to Pillar.",
        nextFocus: "Year-end articles.",
        publishedDay: 5,
        byAdmin: true,
        acknowledged: "Published on Ana's behalf. Transition noted in the portfolio notes.",
      },
      {
        health: "at_risk",
        learned: "Deflection is 41%; the vendor tax library update slipped a month.",
        decisions: "Annual billing is now what we test.",
        asks: "Someone from Pillar to scope history migration, two days (people).",
        nextFocus: "Annual plan uptake.",
        publishedDay: 4,
        acknowledged: "Ana and Pillar agreed on the two days.",
      },
      {
        health: "on_track",
        learned: "Deflection is 46%; customers accept a move to Pillar only if their history moves with them.",
        decisions: "We rewrote the migration thesis around moving history.",
        asks: "None this month.",
        nextFocus: "Half of customers on annual plans.",
        publishedDay: 3,
      },
    ],
  },

  "Beacon Security": {
    was: [
      [],
      [
        { kind: "status", point: [0, 0], was: "in_progress", note: "Six of seven so far." },
        { kind: "newPoint", point: [0, 1] },
        { kind: "testing", was: [0, 0] },
      ],
      [
        { kind: "status", point: [1, 0], was: "in_progress", note: "Partner demo at the trade show." },
        { kind: "note", point: [2, 0], was: "At 81%." },
        { kind: "field", field: "futureStateIntent", was: "A broad access-control platform for mid-size offices." },
        { kind: "newEvidence", filename: "clinic-interviews.pdf" },
      ],
    ],
    earlier: [
      {
        month: -3,
        day: 6,
        by: "admin",
        was: [
          { kind: "lane", was: "sell" },
          { kind: "field", field: "primaryFocus", was: "Mid-size office expansion" },
        ],
      },
      { month: -5, day: 19, was: [{ kind: "newThesis", thesis: 2 }] },
      { month: -7, day: 23, was: [{ kind: "status", point: [1, 0], was: "not_started", note: null }] },
      { month: -9, day: 12, was: [{ kind: "status", point: [0, 0], was: "not_started", note: null }] },
    ],
    evidence: [
      {
        point: [0, 0],
        filename: "clinic-interviews.pdf",
        label: "Clinic interview notes",
        content: "Clinic interviews: audit trail ranked first by 9 of 10",
      },
    ],
    reviews: [
      {
        health: "off_track",
        learned: "Offices buy only with a discount; clinics bought at full price.",
        decisions: "We reframe around clinics or wind down; the broad-market roadmap is stopped.",
        asks: "Three months of runway, about €120k, to test the clinic segment (money).",
        nextFocus: "Ten clinic interviews.",
        publishedDay: 6,
        acknowledged: "Approved for three months. The kill date stands.",
      },
      {
        health: "at_risk",
        learned: "Six of seven clinics rank audit trails first. The badge partner went quiet after the trade show.",
        decisions: "The hardware bundle is stalled; burn cut to 70% of January's.",
        asks: "None this month.",
        nextFocus: "Finish the interviews; a paid audit bundle.",
        publishedDay: 3,
        byAdmin: true,
      },
      {
        health: "at_risk",
        learned: "Nine of ten clinics rank audit first. Burn is at 62% of January's.",
        decisions: "We test whether a clinic pays full price for the audit bundle.",
        asks: "A decision on direction at the next portfolio review.",
        nextFocus: "One paid audit bundle.",
        publishedDay: 2,
      },
    ],
  },

  "Signal Telecom Billing": {
    was: [[], [], []],
    earlier: [
      {
        month: -4,
        day: 8,
        was: [
          { kind: "status", point: [1, 0], was: "in_progress", note: "Term sheet under review." },
          { kind: "newPoint", point: [1, 1] },
        ],
      },
      { month: -5, day: 21, was: [{ kind: "status", point: [0, 0], was: "in_progress", note: "44 hours in May." }] },
      { month: -7, day: 14, was: [{ kind: "status", point: [1, 0], was: "not_started", note: null }] },
      {
        month: -9,
        day: 10,
        by: "admin",
        was: [
          { kind: "lane", was: "sell" },
          { kind: "field", field: "futureStateIntent", was: "Win three more regional carriers." },
        ],
      },
      { month: -10, day: 1, was: [{ kind: "status", point: [0, 0], was: "not_started", note: null }] },
    ],
    evidence: [],
    reviews: [],
    draft: {
      month: -1,
      learned: "Support hours stayed under 40.",
      decisions: null,
      asks: null,
      nextFocus: null,
    },
  },

  "Mosaic Media": {
    was: [[], [], []],
    earlier: [
      {
        month: -4,
        day: 3,
        was: [
          { kind: "status", point: [0, 0], was: "not_started", note: null },
          { kind: "newPoint", point: [0, 1] },
        ],
      },
      {
        month: -6,
        day: 15,
        was: [
          { kind: "status", point: [1, 0], was: "in_progress", note: "4 of 6 exits." },
          { kind: "field", field: "primaryFocus", was: "Agency collaboration features" },
        ],
      },
      { month: -8, day: 27, was: [{ kind: "order", was: [1, 0] }] },
      { month: -10, day: 6, was: [{ kind: "status", point: [1, 0], was: "not_started", note: null }] },
    ],
    evidence: [],
    reviews: [],
  },
};

/** The VBUs with three published reviews (three months ago, two, last month). */
export const REVIEWED_VBUS = Object.entries(DEMO_HISTORY)
  .filter(([, history]) => history.reviews.length === 3)
  .map(([name]) => name);

// ---------------------------------------------------------------------------- the minimal PDF

/** A valid one-page PDF printing one line of ASCII text: real evidence, a few hundred bytes. */
export function tinyPdf(line: string): Uint8Array<ArrayBuffer> {
  const text = line.replace(/[^ -~]/g, "?").replace(/[()\\]/g, "");
  const stream = `BT /F1 14 Tf 72 720 Td (${text}) Tj ET`;
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  let body = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  body += offsets.map((offset) => `${String(offset).padStart(10, "0")} 00000 n \n`).join("");
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(body);
}
