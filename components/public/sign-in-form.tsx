'use client';

import { useText } from '@/components/client-text';
import { Button, Field } from '@/components/ui/field';
import { initialSignInState, type SignInState } from '@/lib/public/state';
import { useFormPost } from '@/components/use-form-post';

/**
 * 登入, answered by POST /api/sign-in. Without JavaScript the form posts there itself and comes
 * back to /login with the answer (`initial`), or goes on to the dashboard.
 */
export function SignInForm({ initial = initialSignInState }: { initial?: SignInState }) {
  const t = useText('login');
  const unavailable = useText('refusal')('unavailable');
  const [state, post, pending] = useFormPost('/api/sign-in', initial, () => ({
    error: unavailable,
  }));
  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const answer = await post(new FormData(form));
    // A refused password is typed again, as after a page's answer.
    if (!answer?.redirectTo) form.querySelector<HTMLInputElement>('[name="password"]')!.value = '';
  }
  return (
    <form action="/api/sign-in" method="post" onSubmit={onSubmit} className="mt-6 space-y-4">
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
      <Button type="submit" disabled={pending || !!state.redirectTo} className="w-full">
        {t('submit')}
      </Button>
    </form>
  );
}
