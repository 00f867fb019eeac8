'use client';

import Link from 'next/link';
import { useText } from '@/components/client-text';
import { useFormPost } from '@/components/use-form-post';
import { Button, Field } from '@/components/ui/field';
import type { SecondFactorState } from '@/lib/console/second-factor';

const ANSWER = '/console/second-factor/answer';

/**
 * The code field, posting to ANSWER (a route handler: the right code reissues the session
 * cookie). Without JavaScript the form posts there itself and the page shows the answer
 * (`initial`).
 */
export function SecondFactorForm({
  enrolling,
  initial = { nonce: 0 },
}: {
  enrolling: boolean;
  initial?: SecondFactorState;
}) {
  const t = useText('console.secondFactor');
  const unavailable = useText('refusal')('unavailable');
  const [state, post, pending] = useFormPost(ANSWER, initial, () => ({ error: unavailable }));
  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void post(new FormData(event.currentTarget));
  }
  if (state.recoveryCodes) {
    return (
      <section aria-labelledby="recovery-title" className="space-y-3">
        <h2 id="recovery-title" className="text-lg font-bold">
          {t('recoveryTitle')}
        </h2>
        <p>{t('recoveryText')}</p>
        <ul data-testid="recovery-codes" className="grid grid-cols-2 gap-2 font-mono text-lg">
          {state.recoveryCodes.map((code) => (
            <li key={code}>{code}</li>
          ))}
        </ul>
        <Link
          href="/console"
          className="inline-flex min-h-11 items-center rounded-md bg-harbor-700 px-5 font-semibold text-white"
        >
          {t('continue')}
        </Link>
      </section>
    );
  }
  return (
    <form
      action={ANSWER}
      method="post"
      onSubmit={onSubmit}
      className="max-w-sm space-y-4"
      noValidate
    >
      <Field
        label={enrolling ? t('enrolCodeLabel') : t('codeLabel')}
        name="code"
        required
        autoComplete="one-time-code"
        inputMode={enrolling ? 'numeric' : 'text'}
        hint={enrolling ? undefined : t('codeHint')}
        error={state.error}
        autoFocus
      />
      <Button type="submit" disabled={pending || !!state.redirectTo}>
        {t('submit')}
      </Button>
    </form>
  );
}
