'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslations } from 'next-intl';
import { startTransition, useActionState, useEffect, useRef, useState } from 'react';
import { useForm, type Resolver } from 'react-hook-form';
import { Button, Field } from '@/components/ui/field';
import { NOT_FOUND_CHECKLIST } from '@/lib/verification/messages';
import { publicConfirmSchema, publicIssueSchema } from '@/lib/schemas/verification';
import { verifyPhoneAction } from '../verify/actions';
import { initialVerifyState } from '../verify/state';

type Values = { passNumber: string; identityNumber: string; mobile: string; code: string };
type Intent = 'issue' | 'confirm';

const resolvers: Record<Intent, Resolver<Values>> = {
  issue: zodResolver(publicIssueSchema) as unknown as Resolver<Values>,
  confirm: zodResolver(publicConfirmSchema) as unknown as Resolver<Values>,
};

/**
 * 通行證手機驗證 (manual 操作方式(一)): one form as in the manual, with [取得驗證碼] and
 * [送出驗證碼]. Works without JavaScript: the server action is the form's action.
 */
export function VerifyForm({
  idPrefix = 'verify',
  autoFocus = false,
}: {
  idPrefix?: string;
  autoFocus?: boolean;
}) {
  const t = useTranslations();
  const [state, formAction, pending] = useActionState(verifyPhoneAction, initialVerifyState);
  const formRef = useRef<HTMLFormElement>(null);
  const intent = useRef<Intent>('issue');
  // The notice 「驗證碼已經成功送出」 (manual 步驟八) shows for each successful send until [確定].
  const [dismissedNonce, setDismissedNonce] = useState(-1);
  const noticeOpen = state.step === 'sent' && !state.error && dismissedNonce !== state.nonce;
  const form = useForm<Values>({
    resolver: (values, context, options) => resolvers[intent.current](values, context, options),
    defaultValues: { ...state.values, code: '' },
    mode: 'onSubmit',
    reValidateMode: 'onChange',
  });
  const { errors } = form.formState;

  // WebOTP: Android Chrome offers the code from the SMS in one tap.
  useEffect(() => {
    if (state.step !== 'sent' || !('OTPCredential' in window)) return;
    const abort = new AbortController();
    navigator.credentials
      .get({ otp: { transport: ['sms'] }, signal: abort.signal } as CredentialRequestOptions)
      .then((credential) => {
        const code = (credential as unknown as { code?: string } | null)?.code;
        if (code) form.setValue('code', code, { shouldValidate: true });
      })
      .catch(() => {});
    return () => abort.abort();
  }, [state.step, state.nonce, form]);

  // Client-side messages are translation keys; the server's are already in the page's language.
  const error = (name: keyof Values) => {
    const key = errors[name]?.message;
    return key ? (t.has(key) ? t(key) : key) : state.fieldErrors?.[name];
  };
  const id = (name: string) => `${idPrefix}-${name}`;

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    intent.current = submitter?.value === 'confirm' ? 'confirm' : 'issue';
    event.preventDefault();
    void form.handleSubmit(() => {
      const data = new FormData(formRef.current!, submitter);
      startTransition(() => formAction(data));
    })(event);
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
      action={formAction}
      onSubmit={onSubmit}
      noValidate
      aria-busy={pending}
      className="space-y-6"
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
          defaultValue={state.values.passNumber}
          {...form.register('passNumber')}
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
          defaultValue={state.values.identityNumber}
          {...form.register('identityNumber')}
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
          defaultValue={state.values.mobile}
          {...form.register('mobile')}
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
              form.setFocus('code');
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
          error={error('code')}
          {...form.register('code')}
        />
        <Button type="submit" name="intent" value="confirm" className="w-full sm:w-auto">
          {t('verify.submitCode')}
        </Button>
      </fieldset>
    </form>
  );
}
