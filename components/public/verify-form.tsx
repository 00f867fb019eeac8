'use client';

import { useEffect, useRef, useState } from 'react';
import { useText } from '@/components/client-text';
import { Button, Field } from '@/components/ui/field';
import type { FieldErrors } from '@/lib/schemas/field-errors';
import { checkFields, PUBLIC_FIELDS } from '@/lib/schemas/fields';
import { NOT_FOUND_CHECKLIST } from '@/lib/verification/messages';
import { initialVerifyState, type VerifyFormState } from '@/lib/public/state';
import { useFormPost } from '@/components/use-form-post';

type FieldName = 'passNumber' | 'identityNumber' | 'mobile' | 'code';
type Intent = 'issue' | 'confirm';

/** The browser's check with the fields the server's schema is built from: their messages. */
function check(form: HTMLFormElement, intent: Intent): FieldErrors {
  return checkFields(PUBLIC_FIELDS[intent], Object.fromEntries(new FormData(form)));
}

/**
 * 通行證手機驗證 (manual 操作方式(一)): one form as in the manual, with [取得驗證碼] and
 * [送出驗證碼], answered by POST /api/verify. Works without JavaScript: the form posts there
 * itself, and /verify shows the answer (`initial`).
 */
export function VerifyForm({
  idPrefix = 'verify',
  autoFocus = false,
  initial = initialVerifyState,
}: {
  idPrefix?: string;
  autoFocus?: boolean;
  initial?: VerifyFormState;
}) {
  const t = useText();
  // With no answer (the network), the outage sentence on the step it was on.
  const [state, post, pending] = useFormPost('/api/verify', initial, () => ({
    error: { reason: 'unavailable', message: t('refusal.unavailable') },
  }));
  const formRef = useRef<HTMLFormElement>(null);
  const codeRef = useRef<HTMLInputElement>(null);
  const intent = useRef<Intent>('issue');
  // Messages of the browser's own check: shown after a refused submit, updated as the person
  // types, cleared by the server's answer.
  const [clientErrors, setClientErrors] = useState<FieldErrors | null>(null);
  const [answered, setAnswered] = useState(state.nonce);
  if (answered !== state.nonce) {
    setAnswered(state.nonce);
    setClientErrors(null);
  }
  // The notice 「驗證碼已經成功送出」 (manual 步驟八) shows for each successful send until [確定].
  const [dismissedNonce, setDismissedNonce] = useState(-1);
  const noticeOpen = state.step === 'sent' && !state.error && dismissedNonce !== state.nonce;
  // WebOTP: Android Chrome offers the code from the SMS in one tap.
  useEffect(() => {
    if (state.step !== 'sent' || !('OTPCredential' in window)) return;
    const abort = new AbortController();
    navigator.credentials
      .get({ otp: { transport: ['sms'] }, signal: abort.signal } as CredentialRequestOptions)
      .then((credential) => {
        const code = (credential as unknown as { code?: string } | null)?.code;
        if (code && codeRef.current) codeRef.current.value = code;
      })
      .catch(() => {});
    return () => abort.abort();
  }, [state.step, state.nonce]);

  // The browser's messages are translation keys; the server's are already in the page's language.
  const error = (name: FieldName) => {
    const key = clientErrors?.[name];
    return key ? t(key) : clientErrors ? undefined : state.fieldErrors?.[name];
  };
  const id = (name: string) => `${idPrefix}-${name}`;

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    intent.current = submitter?.value === 'confirm' ? 'confirm' : 'issue';
    const form = event.currentTarget;
    const errors = check(form, intent.current);
    if (Object.keys(errors).length > 0) {
      setClientErrors(errors);
      form.querySelector<HTMLInputElement>(`[name="${Object.keys(errors)[0]}"]`)?.focus();
      return;
    }
    setClientErrors(null);
    void post(new FormData(form, submitter));
  }

  /** After a refused submit, each change checks again, as the person corrects the fields. */
  function onChange(event: React.FormEvent<HTMLFormElement>) {
    if (clientErrors) setClientErrors(check(event.currentTarget, intent.current));
  }

  if (state.step === 'verified') {
    return (
      <div
        role="status"
        data-testid="verify-success"
        className="rounded-xl border border-emerald-700 bg-emerald-50 p-5"
      >
        <p className="text-lg font-bold text-emerald-900">{t('verify.successTitle')}</p>
        <p className="mt-2 text-emerald-900">
          {t('verify.successText', {
            passNumber: state.values.passNumber,
            masked: state.maskedMobile ?? '',
          })}
        </p>
      </div>
    );
  }

  return (
    <form
      ref={formRef}
      action="/api/verify"
      method="post"
      onSubmit={onSubmit}
      onChange={onChange}
      noValidate
      aria-busy={pending}
      className="space-y-6"
    >
      <input type="hidden" name="step" value={state.step} />
      <fieldset className="space-y-4" disabled={pending}>
        <legend className="text-lg font-bold text-harbor-800">{t('verify.issueLegend')}</legend>
        <Field
          id={id('passNumber')}
          label={t('verify.passNumber')}
          required
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          placeholder={t('verify.passNumberExample')}
          autoFocus={autoFocus}
          error={error('passNumber')}
          name="passNumber"
          defaultValue={state.values.passNumber}
        />
        <Field
          id={id('identityNumber')}
          label={t('verify.identityNumber')}
          required
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          placeholder={t('verify.identityExample')}
          error={error('identityNumber')}
          name="identityNumber"
          defaultValue={state.values.identityNumber}
        />
        <Field
          id={id('mobile')}
          label={t('verify.mobile')}
          required
          type="tel"
          inputMode="tel"
          autoComplete="tel-national"
          placeholder={t('verify.mobileExample')}
          hint={t('verify.mobileHint')}
          error={error('mobile')}
          name="mobile"
          defaultValue={state.values.mobile}
        />
        <Button type="submit" name="intent" value="issue" className="w-full sm:w-auto">
          {t('verify.getCode')}
        </Button>
      </fieldset>

      {noticeOpen && (
        <div
          role="status"
          data-testid="sent-notice"
          className="rounded-lg border border-harbor-600 bg-harbor-50 p-4"
        >
          <p className="font-bold text-harbor-900">{t('verify.sentTitle')}</p>
          <p className="mt-1 text-sm text-slate-700">
            {t('verify.sentDetail', {
              masked: state.maskedMobile ?? '',
              expiresAt: state.expiresAt ?? '',
            })}
          </p>
          <Button
            type="button"
            variant="secondary"
            className="mt-3"
            onClick={() => {
              setDismissedNonce(state.nonce);
              codeRef.current?.focus();
            }}
          >
            {t('verify.ok')}
          </Button>
        </div>
      )}

      {state.error && (
        <div
          data-testid="verify-error"
          role="alert"
          className="rounded-lg border border-red-700 bg-red-50 p-4 text-red-900"
        >
          <p className="font-bold">{state.error.message}</p>
          {state.error.reason === 'not-found' && (
            <>
              <p className="mt-2 text-sm font-semibold">{t('verify.checkTitle')}</p>
              <ol className="mt-1 list-decimal space-y-0.5 pl-5 text-sm">
                {NOT_FOUND_CHECKLIST.map((item) => (
                  <li key={item}>{t(item)}</li>
                ))}
              </ol>
              <p className="mt-2 text-sm">{t('verify.checkAdvice')}</p>
            </>
          )}
        </div>
      )}

      <fieldset className="space-y-4 border-t border-slate-200 pt-5" disabled={pending}>
        <legend className="text-lg font-bold text-harbor-800">{t('verify.confirmLegend')}</legend>
        <Field
          id={id('code')}
          label={t('verify.code')}
          required
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={6}
          pattern="[0-9]{6}"
          placeholder={t('verify.codePlaceholder')}
          name="code"
          ref={codeRef}
          error={error('code')}
        />
        <Button type="submit" name="intent" value="confirm" className="w-full sm:w-auto">
          {t('verify.submitCode')}
        </Button>
      </fieldset>
    </form>
  );
}
