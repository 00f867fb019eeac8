'use client';

import { useText } from '@/components/client-text';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button, Field } from '@/components/ui/field';
import { initialSignInState } from '@/app/(public)/state';
import { signInSchema } from '@/lib/schemas/auth';
import { signInAction } from '../actions';

/** 登入: a right password goes on to the dashboard; any other answer shows here, 帳號 kept. */
export function SignInForm() {
  const t = useText('login');
  const { field, answer, pending, formAction, onSubmit, error } = useActionForm(
    signInSchema,
    signInAction,
    initialSignInState,
    { defaults: { login: '', password: '' } },
  );
  return (
    <form action={formAction} onSubmit={onSubmit} noValidate className="mt-6 space-y-4">
      <Field
        label={t('account')}
        autoComplete="username"
        required
        error={error('login')}
        {...field('login')}
      />
      <Field
        label={t('password')}
        type="password"
        autoComplete="current-password"
        required
        error={error('password')}
        {...field('password')}
      />
      {answer?.error && (
        <p
          role="alert"
          data-testid="sign-in-error"
          className="rounded-md border border-red-700 bg-red-50 p-3 font-medium text-red-900"
        >
          {answer.error}
        </p>
      )}
      <Button type="submit" disabled={pending} className="w-full">
        {t('submit')}
      </Button>
    </form>
  );
}
