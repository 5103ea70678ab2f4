"use client";
import { ClientForm } from "@/app/_components/client-form";
import { FormMessage, SubmitButton, TextField } from "@/app/_components/fields";
import { useActionForm } from "@/app/_components/use-action-form";
import { signInSchema } from "@/lib/auth/sign-in-schema";
import { signInAction } from "./actions";

export function SignInForm({ next }: { next: string }) {
  const { form, state, pending, onSubmit } = useActionForm(signInSchema, signInAction, {
    email: "",
    password: "",
    next,
  });
  const { errors } = form.formState;
  return (
    <ClientForm onSubmit={onSubmit} noValidate className="space-y-4">
      <FormMessage state={state} />
      <TextField
        id="email"
        label="Email"
        type="email"
        autoComplete="username"
        registration={form.register("email")}
        error={errors.email}
      />
      <TextField
        id="password"
        label="Password"
        type="password"
        autoComplete="current-password"
        registration={form.register("password")}
        error={errors.password}
      />
      <SubmitButton pending={pending}>{pending ? "Signing in…" : "Sign in"}</SubmitButton>
    </ClientForm>
  );
}
