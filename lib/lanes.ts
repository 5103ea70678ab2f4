import type { LifecycleLane } from "../db/schema";

// The lanes in the order the portfolio reads them, with the words people use for them.
export const LANES: readonly { lane: LifecycleLane; label: string; blurb: string }[] = [
  { lane: "build", label: "Build", blurb: "Finding a product people want" },
  { lane: "sell", label: "Sell", blurb: "Growing what works" },
  { lane: "milk", label: "Milk", blurb: "Harvesting steady returns" },
  { lane: "reframe", label: "Reframe", blurb: "Deciding what comes next" },
];
