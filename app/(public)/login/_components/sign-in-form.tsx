'use client';

import { useText } from '@/components/client-text';
import { useActionState } from 'react';
import { Button, Field } from '@/components/ui/field';
import { signInAction } from '../actions';

export function SignInForm() {
  const t = useText('login');
  const [state, action, pending] = useActionState(signInAction, { login: '', nonce: 0 });
  return (
    <form action={action} className="mt-6 space-y-4">
      <Field
        label={t('account')}
        name="login"
        autoComplete="username"
        required
        defaultValue={state.login}
        error={state.fieldErrors?.login}
      />
      <Field
        label={t('password')}
        name="password"
        type="password"
        autoComplete="current-password"
        required
        error={state.fieldErrors?.password}
      />
      {state.error && (
        <p
          role="alert"
          data-testid="sign-in-error"
          className="rounded-md border border-red-700 bg-red-50 p-3 font-medium text-red-900"
        >
          {state.error}
        </p>
      )}
      <Button type="submit" disabled={pending} className="w-full">
        {t('submit')}
      </Button>
    </form>
  );
}
