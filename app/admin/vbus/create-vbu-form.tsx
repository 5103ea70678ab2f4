"use client";
import { ClientForm } from "@/app/_components/client-form";
import { FormMessage, SubmitButton, TextField } from "@/app/_components/fields";
import { SelectField } from "@/app/_components/select-field";
import { useActionForm } from "@/app/_components/use-action-form";
import type { GmChoice } from "@/lib/admin/vbus";
import { createVbuSchema } from "@/lib/admin/vbu-schemas";
import { LANES } from "@/lib/canvas/vocabulary";
import { createVbuAction } from "./actions";

export function CreateVbuForm({ gms }: { gms: GmChoice[] }) {
  const { form, state, pending, onSubmit } = useActionForm(
    createVbuSchema,
    createVbuAction,
    {
      name: "",
      gmId: "",
      lane: "build",
    },
    { resetOnSuccess: true },
  );
  const { errors } = form.formState;
  return (
    <ClientForm onSubmit={onSubmit} noValidate className="grid gap-4 md:grid-cols-3">
      <div className="md:col-span-3">
        <FormMessage state={state} />
      </div>
      <TextField id="new-vbu-name" label="VBU name" registration={form.register("name")} error={errors.name} />
      <SelectField
        id="new-vbu-gm"
        label="General manager"
        options={[{ value: "", label: "Choose a GM…" }, ...gms.map((g) => ({ value: g.id, label: g.label }))]}
        registration={form.register("gmId")}
        error={errors.gmId}
      />
      <SelectField
        id="new-vbu-lane"
        label="Lifecycle lane"
        options={LANES.map((l) => ({ value: l.lane, label: l.label }))}
        registration={form.register("lane")}
        error={errors.lane}
      />
      <div>
        <SubmitButton pending={pending}>{pending ? "Creating…" : "Create VBU"}</SubmitButton>
      </div>
    </ClientForm>
  );
}
