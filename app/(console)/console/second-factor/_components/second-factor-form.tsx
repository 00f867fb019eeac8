'use client';

import Link from 'next/link';
import { useText } from '@/components/client-text';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button, Field } from '@/components/ui/field';
import { secondFactorSchema } from '@/lib/schemas/console';
import { secondFactorAction } from '../actions';
import type { SecondFactorState } from '../state';

const initial: SecondFactorState = { nonce: 0 };

/** The code field; once a first code completes enrolment, the recovery codes, shown once. */
export function SecondFactorForm({ enrolling }: { enrolling: boolean }) {
  const t = useText('console.secondFactor');
  const { field, answer, state, pending, formAction, onSubmit, error } = useActionForm(
    secondFactorSchema,
    secondFactorAction,
    initial,
    { defaults: { code: '' } },
  );
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
    <form action={formAction} onSubmit={onSubmit} className="max-w-sm space-y-4" noValidate>
      <Field
        label={enrolling ? t('enrolCodeLabel') : t('codeLabel')}
        required
        autoComplete="one-time-code"
        inputMode={enrolling ? 'numeric' : 'text'}
        hint={enrolling ? undefined : t('codeHint')}
        error={error('code')}
        autoFocus
        {...field('code')}
      />
      {answer?.message && (
        <p role="alert" className="font-medium text-red-700">
          {answer.message}
        </p>
      )}
      <Button type="submit" disabled={pending}>
        {t('submit')}
      </Button>
    </form>
  );
}
