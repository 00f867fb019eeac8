'use client';

import { useText } from '@/components/client-text';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button, buttonClass, Field } from '@/components/ui/field';
import {
  SECOND_FACTOR_SCHEMAS,
  SECOND_FACTOR_TEXT,
  type SecondFactorKind,
  type SecondFactorState,
} from '@/lib/schemas/second-factor';

const initial: SecondFactorState = { nonce: 0 };

/**
 * The code field of a second factor, an operator's or an applicant's (`kind` names the schema
 * and the texts: a server page cannot hand a schema to the client). Once a first code completes
 * an enrolment, the recovery codes instead, shown once, and a link on (`next`). `children` (the
 * QR code and the secret) stand above the field until then. With `enrolling` false and `hidden`,
 * no field is shown until an answer holds recovery codes: the account page of an enrolled
 * applicant, which still renders this form so the answer that enrolled it is shown.
 */
export function SecondFactorForm({
  kind,
  action,
  enrolling,
  next,
  hidden = false,
  autoFocus = true,
  children,
}: {
  kind: SecondFactorKind;
  action: (prev: SecondFactorState, data: FormData) => Promise<SecondFactorState>;
  enrolling: boolean;
  next: { href: string; label: string };
  hidden?: boolean;
  /** The sign-in steps put the cursor in the field; a page with more to read does not. */
  autoFocus?: boolean;
  children?: React.ReactNode;
}) {
  const t = useText(SECOND_FACTOR_TEXT[kind]);
  const { field, answer, state, pending, formAction, onSubmit, error } = useActionForm(
    SECOND_FACTOR_SCHEMAS[kind],
    action,
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
        {/* A full load, not the router: the codes leave the browser's memory (and the account
            page, which links to itself, shows its new state instead of this answer). */}
        <a href={next.href} className={buttonClass()}>
          {next.label}
        </a>
      </section>
    );
  }
  if (hidden) return null;
  return (
    <>
      {children}
      <form action={formAction} onSubmit={onSubmit} className="max-w-sm space-y-4" noValidate>
        <Field
          label={enrolling ? t('enrolCodeLabel') : t('codeLabel')}
          required
          autoComplete="one-time-code"
          inputMode={enrolling ? 'numeric' : 'text'}
          hint={enrolling ? undefined : t('codeHint')}
          error={error('code')}
          autoFocus={autoFocus}
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
    </>
  );
}
