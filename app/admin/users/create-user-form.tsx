"use client";
import { ClientForm } from "@/app/_components/client-form";
import { FormMessage, SubmitButton, TextField } from "@/app/_components/fields";
import { SelectField } from "@/app/_components/select-field";
import { useActionForm } from "@/app/_components/use-action-form";
import { createUserSchema } from "@/lib/admin/user-schemas";
import { PASSWORD_HINT } from "@/lib/auth/password-hint";
import { ROLE_LABELS } from "@/lib/auth/roles";
import { createUserAction } from "./actions";

const ROLE_OPTIONS = (["viewer", "gm", "admin"] as const).map((value) => ({ value, label: ROLE_LABELS[value] }));

export function CreateUserForm() {
  const { form, state, pending, onSubmit } = useActionForm(
    createUserSchema,
    createUserAction,
    {
      name: "",
      email: "",
      role: "viewer",
      temporaryPassword: "",
    },
    { resetOnSuccess: true },
  );
  const { errors } = form.formState;
  return (
    <ClientForm onSubmit={onSubmit} noValidate className="grid gap-4 md:grid-cols-2">
      <div className="md:col-span-2">
        <FormMessage state={state} />
      </div>
      <TextField id="new-user-name" label="Name" registration={form.register("name")} error={errors.name} />
      <TextField
        id="new-user-email"
        label="Email"
        type="email"
        registration={form.register("email")}
        error={errors.email}
      />
      <SelectField
        id="new-user-role"
        label="Role"
        options={ROLE_OPTIONS}
        registration={form.register("role")}
        error={errors.role}
      />
      <TextField
        id="new-user-password"
        label="Temporary password"
        type="text"
        autoComplete="off"
        hint={`${PASSWORD_HINT} Pass it on privately.`}
        registration={form.register("temporaryPassword")}
        error={errors.temporaryPassword}
      />
      <div>
        <SubmitButton pending={pending}>{pending ? "Creating…" : "Create user"}</SubmitButton>
      </div>
    </ClientForm>
  );
}
