// What a notification can say, shared by the server and the browser (no server-only here).

export const NOTIFICATION_KINDS = [
  "comment",
  "mention",
  "reply",
  "review_published",
  "review_acknowledged",
  "vbu_assigned",
  "review_due",
  "review_overdue",
  "proof_points_overdue",
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** Where the notifications are listed. */
export const NOTIFICATIONS_PATH = "/notifications";

/** How many the list shows at once, newest first. */
export const NOTIFICATIONS_PAGE = 50;

/** What happened, in words, from who did it and where: "Victor Hale mentioned you on Harbor Logistics". */
export function notificationWords(kind: NotificationKind, who: string, vbuName: string, about: string | null): string {
  const on = about ? `${vbuName}: ${about}` : vbuName;
  switch (kind) {
    case "comment":
      return `${who} commented on your VBU ${on}`;
    case "mention":
      return `${who} mentioned you on ${on}`;
    case "reply":
      return `${who} replied on ${on}`;
    case "review_published":
      return `${who} published ${on}`;
    case "review_acknowledged":
      return `${who} acknowledged ${on}`;
    case "vbu_assigned":
      return `${who} made you GM of ${vbuName}`;
    case "review_due":
      return `Your ${about ?? "monthly review"} of ${vbuName} is due in 3 days`;
    case "review_overdue":
      return `Your ${about ?? "monthly review"} of ${vbuName} is overdue`;
    case "proof_points_overdue":
      return `${vbuName} has ${about ?? "proof points"} past their review month`;
  }
}

/** The bell's label: the count in words, for screen readers as for everyone. */
export const bellLabel = (unread: number) =>
  unread === 0 ? "Notifications" : `Notifications: ${bellCount(unread)} unread`;

/** The count on the bell, as it is shown. */
export const bellCount = (unread: number) => (unread > 99 ? "99+" : String(unread));
