import type { UserRole } from "../../db/schema";

// Who may do what (NOTES.md "Users and roles"). Pure: the record-level checks in lib/ load
// the record and ask these.
export interface Actor {
  id: string;
  role: UserRole;
}

export const ROLE_LABELS: Record<UserRole, string> = {
  admin: "Admin",
  gm: "General manager",
  viewer: "Viewer",
};

export const isAdmin = (actor: Actor) => actor.role === "admin";

/** Admins edit any canvas; a GM edits the canvases of the VBUs they are GM of; viewers none. */
export function canEditCanvasOf(actor: Actor, vbu: { gmId: string }): boolean {
  return actor.role === "admin" || (actor.role === "gm" && vbu.gmId === actor.id);
}

export const canWritePortfolioNotes = isAdmin;
export const canManageUsers = isAdmin;
export const canManageVbus = isAdmin;

/** A monthly review's draft is its GM's (and admins') work in progress; a published one is everyone's. */
export function canReadReview(actor: Actor, review: { gmId: string; status: "draft" | "published" }): boolean {
  return review.status === "published" || canEditCanvasOf(actor, review);
}

/** Only admins (portfolio managers) acknowledge a published review. */
export const canAcknowledgeReviews = isAdmin;
