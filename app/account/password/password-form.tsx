"use client";
import { ClientForm } from "@/app/_components/client-form";
import { FormMessage, SubmitButton, TextField } from "@/app/_components/fields";
import { useActionForm } from "@/app/_components/use-action-form";
import { PASSWORD_HINT } from "@/lib/auth/password-hint";
import { changePasswordSchema } from "@/lib/auth/password-schema";
import { changePasswordAction } from "./actions";

export function PasswordForm({ next }: { next: string }) {
  const { form, state, pending, onSubmit } = useActionForm(changePasswordSchema, changePasswordAction, {
    currentPassword: "",
    newPassword: "",
    confirmPassword: "",
    next,
  });
  const { errors } = form.formState;
  return (
    <ClientForm onSubmit={onSubmit} noValidate className="space-y-4">
      <FormMessage state={state} />
      <TextField
        id="current-password"
        label="Current password"
        type="password"
        autoComplete="current-password"
        registration={form.register("currentPassword")}
        error={errors.currentPassword}
      />
      <TextField
        id="new-password"
        label="New password"
        type="password"
        autoComplete="new-password"
        hint={PASSWORD_HINT}
        registration={form.register("newPassword")}
        error={errors.newPassword}
      />
      <TextField
        id="confirm-password"
        label="New password again"
        type="password"
        autoComplete="new-password"
        registration={form.register("confirmPassword")}
        error={errors.confirmPassword}
      />
      <SubmitButton pending={pending}>{pending ? "Saving…" : "Change password"}</SubmitButton>
    </ClientForm>
  );
}
