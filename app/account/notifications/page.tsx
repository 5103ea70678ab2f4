import type { Metadata } from "next";
import Link from "next/link";
import { TOUCH_TARGET } from "@/app/_components/touch";
import { requireUserForPage } from "@/lib/auth/session";
import { readPreferences } from "@/lib/mail/choose";
import { DIGEST_HOUR, PREFERENCES_PATH } from "@/lib/mail/vocabulary";
import { NOTIFICATIONS_PATH } from "@/lib/notifications/vocabulary";
import { PreferencesForm } from "./preferences-form";

export const metadata: Metadata = { title: "Notification settings" };

/**
 * The zones to choose from, as this server knows them (the browser's list may differ: the form
 * takes it from here, so the page it renders and hydrates is the same): UTC first, and the saved
 * zone even if the list lacks it.
 */
function timeZoneChoices(saved: string): string[] {
  const zones = Intl.supportedValuesOf("timeZone").filter((zone) => zone !== "UTC");
  return ["UTC", ...(saved !== "UTC" && !zones.includes(saved) ? [saved] : []), ...zones];
}

export default async function NotificationSettingsPage() {
  const user = await requireUserForPage(PREFERENCES_PATH);
  const preferences = await readPreferences(user);
  return (
    <article className="max-w-2xl space-y-6">
      <header className="space-y-1">
        <h1 className="text-2xl font-semibold tracking-tight">Notification settings</h1>
        <p className="text-sm text-slate-700">
          Choose, for each kind of notification, how you hear of it. Everything but “Off” also shows in your{" "}
          <Link href={NOTIFICATIONS_PATH} className={`text-blue-800 underline ${TOUCH_TARGET}`}>
            notifications
          </Link>
          ; the daily digest comes at {String(DIGEST_HOUR).padStart(2, "0")}:00 in your time zone.
        </p>
      </header>
      <PreferencesForm preferences={preferences} timeZones={timeZoneChoices(preferences.timeZone)} />
    </article>
  );
}
