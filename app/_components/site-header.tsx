import Link from "next/link";
import { signOutAction } from "@/app/sign-in/actions";
import { getCurrentUser } from "@/lib/auth/session";
import { ROLE_LABELS, isAdmin } from "@/lib/auth/roles";
import { BOARD_PATH } from "@/lib/board/filters";
import { OUTBOX_PATH, PREFERENCES_PATH } from "@/lib/mail/vocabulary";
import { PORTFOLIO_REVIEWS_PATH } from "@/lib/reviews/paths";
import { unreadCount } from "@/lib/notifications/read";
import { bellCount, bellLabel, NOTIFICATIONS_PATH } from "@/lib/notifications/vocabulary";
import { TRENDS_PATH } from "@/lib/trends/filters";
import { TOUCH_FIELD, TOUCH_TARGET } from "./touch";

// Who is signed in, their role, and only the links their role may use.
export async function SiteHeader() {
  const user = await getCurrentUser();
  // The bell's count: one query on ix_notifications_unread (lib/notifications/read.ts).
  const unread = user ? await unreadCount(user) : 0;
  const links = user
    ? [
        { href: BOARD_PATH, label: "Board" },
        { href: PORTFOLIO_REVIEWS_PATH, label: "Reviews" },
        { href: TRENDS_PATH, label: "Trends" },
        ...(isAdmin(user)
          ? [
              { href: "/admin/vbus", label: "VBUs" },
              { href: "/admin/users", label: "Users" },
              { href: OUTBOX_PATH, label: "Outbox" },
            ]
          : []),
      ]
    : [];
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-6 gap-y-2 px-6 py-3">
        <Link href={BOARD_PATH} className={`text-lg font-semibold tracking-tight ${TOUCH_TARGET}`}>
          Canvas
        </Link>
        {user && (
          <nav aria-label="Main" className="flex gap-4 text-sm">
            {links.map((link) => (
              <Link
                key={link.href}
                href={link.href}
                className={`text-slate-700 hover:text-slate-950 hover:underline ${TOUCH_TARGET}`}
              >
                {link.label}
              </Link>
            ))}
          </nav>
        )}
        {user && (
          <div className="ml-auto flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
            {/* Name and role stay together; the role never breaks inside itself. */}
            <p role="group" aria-label="Signed in as">
              <span className="font-medium">{user.name}</span>{" "}
              <span className="inline-block rounded bg-slate-100 px-1.5 py-0.5 text-xs whitespace-nowrap text-slate-700">
                {ROLE_LABELS[user.role]}
              </span>
            </p>
            <Link
              href={NOTIFICATIONS_PATH}
              aria-label={bellLabel(unread)}
              className={`inline-flex items-center gap-1 text-slate-700 hover:underline ${TOUCH_TARGET}`}
            >
              <svg aria-hidden viewBox="0 0 20 20" fill="currentColor" className="size-4">
                <path d="M10 2a6 6 0 0 0-6 6v3.6l-1.7 2.6A.5.5 0 0 0 2.7 15h14.6a.5.5 0 0 0 .4-.8L16 11.6V8a6 6 0 0 0-6-6Zm-2.5 14a2.5 2.5 0 0 0 5 0h-5Z" />
              </svg>
              {unread > 0 && (
                <span aria-hidden className="rounded-full bg-red-700 px-1.5 text-xs font-semibold text-white">
                  {bellCount(unread)}
                </span>
              )}
            </Link>
            <Link href={PREFERENCES_PATH} className={`text-slate-700 hover:underline ${TOUCH_TARGET}`}>
              Notification settings
            </Link>
            <Link href="/account/password" className={`text-slate-700 hover:underline ${TOUCH_TARGET}`}>
              Password
            </Link>
            <form action={signOutAction}>
              <button
                type="submit"
                className={`rounded-md border border-slate-300 px-3 py-1 text-slate-700 hover:bg-slate-50 ${TOUCH_FIELD}`}
              >
                Sign out
              </button>
            </form>
          </div>
        )}
      </div>
    </header>
  );
}
