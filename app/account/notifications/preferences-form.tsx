"use client";
import { ClientForm } from "@/app/_components/client-form";
import { FormMessage, SubmitButton } from "@/app/_components/fields";
import { SelectField } from "@/app/_components/select-field";
import { useActionForm } from "@/app/_components/use-action-form";
import type { PreferencesView } from "@/lib/mail/choose";
import { type PreferencesInput, preferencesSchema } from "@/lib/mail/schemas";
import {
  CHANNEL_LABELS,
  CHANNELS,
  DIGEST_HOUR,
  WEEKLY_DIGEST_LABEL,
  WEEKLY_DIGEST_WEEKDAY,
} from "@/lib/mail/vocabulary";
import { savePreferencesAction } from "./actions";

const CHANNEL_OPTIONS = CHANNELS.map((channel) => ({ value: channel, label: CHANNEL_LABELS[channel] }));
const AT = `${String(DIGEST_HOUR).padStart(2, "0")}:00`;
// 7 January 2024 was a Sunday (day 0, as Date.getDay() counts).
const WEEKDAY = new Intl.DateTimeFormat("en-GB", { weekday: "long", timeZone: "UTC" }).format(
  new Date(Date.UTC(2024, 0, 7 + WEEKLY_DIGEST_WEEKDAY)),
);

export function PreferencesForm({ preferences, timeZones }: { preferences: PreferencesView; timeZones: string[] }) {
  const defaults: PreferencesInput = {
    ...Object.fromEntries(preferences.kinds.map((k) => [k.kind, k.channel])),
    timeZone: preferences.timeZone,
    // Only on the forms of people it is offered to: anyone else's sends nothing for it.
    ...(preferences.weeklyDigest.offered ? { weeklyDigest: preferences.weeklyDigest.on } : {}),
  };
  const { form, state, pending, onSubmit } = useActionForm(preferencesSchema, savePreferencesAction, defaults);
  const { errors } = form.formState;
  const weeklyError = errors.weeklyDigest?.message;
  return (
    <ClientForm onSubmit={onSubmit} noValidate className="space-y-6">
      <FormMessage state={state} />
      <fieldset className="space-y-4 rounded-lg border border-slate-200 bg-white p-5">
        <legend className="px-1 text-lg font-semibold">How you hear of each kind</legend>
        {preferences.kinds.map((k) => (
          <SelectField
            key={k.kind}
            id={`channel-${k.kind}`}
            label={k.label}
            options={CHANNEL_OPTIONS}
            defaultValue={k.channel}
            registration={form.register(k.kind)}
            error={errors[k.kind]}
          />
        ))}
      </fieldset>
      <fieldset className="space-y-4 rounded-lg border border-slate-200 bg-white p-5">
        <legend className="px-1 text-lg font-semibold">Digests</legend>
        <SelectField
          id="time-zone"
          label="Time zone"
          hint={`Your daily digest comes at ${AT} in this time zone.`}
          options={timeZones.map((zone) => ({ value: zone, label: zone.replaceAll("_", " ") }))}
          defaultValue={preferences.timeZone}
          registration={form.register("timeZone")}
          error={errors.timeZone}
        />
        {preferences.weeklyDigest.offered && (
          <div className="space-y-1">
            <div className="flex items-center gap-2 touch:min-h-11">
              <input
                id="weekly-digest"
                type="checkbox"
                defaultChecked={preferences.weeklyDigest.on}
                aria-invalid={weeklyError ? true : undefined}
                aria-describedby={`weekly-digest-hint${weeklyError ? " weekly-digest-error" : ""}`}
                className="size-4 rounded border-slate-300"
                {...form.register("weeklyDigest")}
              />
              <label htmlFor="weekly-digest" className="text-sm font-medium text-slate-800">
                {WEEKLY_DIGEST_LABEL}
              </label>
            </div>
            <p id="weekly-digest-hint" className="text-xs text-slate-600">
              The portfolio&apos;s week, by email on {WEEKDAY}s at {AT} in your time zone.
            </p>
            {weeklyError && (
              <p id="weekly-digest-error" className="text-sm text-red-700">
                {weeklyError}
              </p>
            )}
          </div>
        )}
      </fieldset>
      <SubmitButton pending={pending}>{pending ? "Saving…" : "Save notification settings"}</SubmitButton>
    </ClientForm>
  );
}
