import type { Metadata } from "next";
import Link from "next/link";
import { requireUserForPage } from "@/lib/auth/session";
import { formatMoment } from "@/lib/dates";
import { PREFERENCES_PATH } from "@/lib/mail/vocabulary";
import { listNotifications } from "@/lib/notifications/read";
import { NOTIFICATIONS_PAGE, NOTIFICATIONS_PATH } from "@/lib/notifications/vocabulary";
import { ActionButton } from "@/app/_components/action-button";
import { TOUCH_TARGET } from "@/app/_components/touch";
import { markAllNotificationsReadAction, markNotificationReadAction } from "./actions";
import { OpenNotification } from "./open-notification";

export const metadata: Metadata = { title: "Notifications" };

export default async function NotificationsPage() {
  const user = await requireUserForPage(NOTIFICATIONS_PATH);
  const list = await listNotifications(user);
  const unread = list.filter((n) => !n.read).length;
  return (
    <article className="max-w-3xl space-y-6">
      <header className="flex flex-wrap items-baseline justify-between gap-4">
        <div className="space-y-1">
          <h1 className="text-2xl font-semibold tracking-tight">Notifications</h1>
          <p className="text-sm text-slate-700">
            {list.length === 0
              ? "Nothing yet. You are told here when someone mentions you, replies to you, or comments on your VBU."
              : `${unread === 0 ? "All read" : `${unread} unread`}; the newest ${NOTIFICATIONS_PAGE} at most.`}
          </p>
        </div>
        <div className="flex flex-wrap items-center gap-4">
          <Link href={PREFERENCES_PATH} className={`text-sm text-blue-800 underline ${TOUCH_TARGET}`}>
            Notification settings
          </Link>
          {unread > 0 && <ActionButton action={markAllNotificationsReadAction} fields={{}} label="Mark all read" />}
        </div>
      </header>
      {list.length > 0 && (
        <ul className="divide-y divide-slate-200 rounded-md border border-slate-200">
          {list.map((n) => (
            <li key={n.id} className={`flex flex-wrap items-start gap-3 p-3 ${n.read ? "" : "bg-blue-50"}`}>
              <div className="min-w-0 flex-1">
                <OpenNotification notificationId={n.id} words={n.words} read={n.read} />
                <p className="text-xs text-slate-700">
                  {formatMoment(n.createdAt.toISOString())}
                  {n.read ? "" : " · unread"}
                </p>
              </div>
              {!n.read && (
                <ActionButton
                  action={markNotificationReadAction}
                  fields={{ notificationId: n.id }}
                  label="Mark read"
                  ariaLabel={`Mark read: ${n.words}`}
                />
              )}
            </li>
          ))}
        </ul>
      )}
    </article>
  );
}
