'use client';

import Link from 'next/link';
import { useText } from '@/components/client-text';
import { useActionState } from 'react';
import { Button, Field } from '@/components/ui/field';
import { secondFactorAction, type SecondFactorState } from '../actions';

export function SecondFactorForm({ enrolling }: { enrolling: boolean }) {
  const t = useText('console.secondFactor');
  const [state, action, pending] = useActionState(secondFactorAction, {
    nonce: 0,
  } as SecondFactorState);
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
    <form action={action} className="max-w-sm space-y-4" noValidate>
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
      <Button type="submit" disabled={pending}>
        {t('submit')}
      </Button>
    </form>
  );
}
