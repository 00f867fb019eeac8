'use client';

import { useEffect, useState } from 'react';
import { useText } from '@/components/client-text';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button, buttonClass, Field } from '@/components/ui/field';
import { initialVerifyState } from '@/app/(public)/state';
import { verifyFormSchema } from '@/lib/schemas/verification';
import { NOT_FOUND_CHECKLIST } from '@/lib/verification/messages';
import { verifyPhoneAction } from '../verify/actions';

/**
 * 通行證手機驗證 (manual 操作方式(一)): one form as in the manual, with [取得驗證碼] and
 * [送出驗證碼], answered by one server action. The browser checks the fields the button needs
 * with the action's own schema; without JavaScript the form posts natively and the page shows
 * the action's answer.
 */
export function VerifyForm({
  idPrefix = 'verify',
  autoFocus = false,
}: {
  idPrefix?: string;
  autoFocus?: boolean;
}) {
  const t = useText();
  const { form, field, answer, state, pending, formAction, onSubmit, error } = useActionForm(
    verifyFormSchema,
    verifyPhoneAction,
    initialVerifyState,
    {
      defaults: { ...initialVerifyState.values, code: '' },
      beforeCheck: (submitter, verify) =>
        verify.setValue('intent', submitter?.value === 'confirm' ? 'confirm' : 'issue'),
    },
  );
  const id = (name: string) => `${idPrefix}-${name}`;
  // The notice 「驗證碼已經成功送出」 (manual 步驟八) shows for each successful send until [確定].
  const [dismissedNonce, setDismissedNonce] = useState(-1);
  const noticeOpen = answer?.step === 'sent' && !answer.error && dismissedNonce !== state.nonce;
  // WebOTP: Android Chrome offers the code from the SMS in one tap.
  useEffect(() => {
    if (state.step !== 'sent' || !('OTPCredential' in window)) return;
    const abort = new AbortController();
    navigator.credentials
      .get({ otp: { transport: ['sms'] }, signal: abort.signal } as CredentialRequestOptions)
      .then((credential) => {
        const code = (credential as unknown as { code?: string } | null)?.code;
        if (code) form.setValue('code', code);
      })
      .catch(() => {});
    return () => abort.abort();
  }, [state.step, state.nonce, form]);

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
      action={formAction}
      onSubmit={onSubmit}
      noValidate
      aria-busy={pending}
      className="group space-y-6"
    >
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
          {...field('passNumber')}
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
          {...field('identityNumber')}
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
          {...field('mobile')}
        />
        <Button type="submit" name="intent" value="issue" className="w-full sm:w-auto">
          {t('verify.getCode')}
        </Button>
      </fieldset>

      {noticeOpen && (
        // Without JavaScript [確定] is a link to the code field, and the notice hides once that
        // field is the page's target.
        <div
          role="status"
          data-testid="sent-notice"
          className="rounded-lg border border-harbor-600 bg-harbor-50 p-4 group-has-[:target]:hidden"
        >
          <p className="font-bold text-harbor-900">{t('verify.sentTitle')}</p>
          <p className="mt-1 text-sm text-slate-700">
            {t('verify.sentDetail', {
              masked: answer.maskedMobile ?? '',
              expiresAt: answer.expiresAt ?? '',
            })}
          </p>
          <a
            href={`#${id('code')}`}
            role="button"
            className={buttonClass('secondary', 'mt-3')}
            onClick={(event) => {
              event.preventDefault();
              setDismissedNonce(state.nonce);
              form.setFocus('code');
            }}
          >
            {t('verify.ok')}
          </a>
        </div>
      )}

      {answer?.error && (
        <div
          data-testid="verify-error"
          role="alert"
          className="rounded-lg border border-red-700 bg-red-50 p-4 text-red-900"
        >
          <p className="font-bold">{answer.error.message}</p>
          {answer.error.reason === 'not-found' && (
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
          error={error('code')}
          {...field('code')}
        />
        <Button type="submit" name="intent" value="confirm" className="w-full sm:w-auto">
          {t('verify.submitCode')}
        </Button>
      </fieldset>
    </form>
  );
}
