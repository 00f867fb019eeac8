'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { startTransition, useActionState, useEffect, useRef, useState } from 'react';
import { useForm, type Resolver } from 'react-hook-form';
import { Button, Field } from '@/components/ui/field';
import { NOT_FOUND_CHECKLIST } from '@/lib/verification/messages';
import { publicConfirmSchema, publicIssueSchema } from '@/lib/verification/schema';
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
export function VerifyForm({ idPrefix = 'verify' }: { idPrefix?: string }) {
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

  const error = (name: keyof Values) => errors[name]?.message ?? state.fieldErrors?.[name];
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
      <div role="status" data-testid="verify-success" className="rounded-xl border border-emerald-700 bg-emerald-50 p-5">
        <p className="text-lg font-bold text-emerald-900">手機驗證完成</p>
        <p className="mt-2 text-emerald-900">
          通行證 {state.values.passNumber} 的手機號碼 {state.maskedMobile} 已驗證。
        </p>
      </div>
    );
  }

  return (
    <form ref={formRef} action={formAction} onSubmit={onSubmit} noValidate aria-busy={pending} className="space-y-6">
      <fieldset className="space-y-4" disabled={pending}>
        <legend className="text-lg font-bold text-harbor-800">取得驗證碼</legend>
        <Field
          id={id('passNumber')}
          label="通行證號"
          required
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          placeholder="例:KHPS113-000043"
          error={error('passNumber')}
          defaultValue={state.values.passNumber}
          {...form.register('passNumber')}
        />
        <Field
          id={id('identityNumber')}
          label="身份證號"
          required
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          placeholder="例:A123456789"
          error={error('identityNumber')}
          defaultValue={state.values.identityNumber}
          {...form.register('identityNumber')}
        />
        <Field
          id={id('mobile')}
          label="手機號碼"
          required
          type="tel"
          inputMode="tel"
          autoComplete="tel-national"
          placeholder="例:0912345678"
          hint="須與系統中基本資料所登錄的手機號碼相同"
          error={error('mobile')}
          defaultValue={state.values.mobile}
          {...form.register('mobile')}
        />
        <Button type="submit" name="intent" value="issue" className="w-full sm:w-auto">
          取得驗證碼
        </Button>
      </fieldset>

      {noticeOpen && (
        <div role="status" data-testid="sent-notice" className="rounded-lg border border-harbor-600 bg-harbor-50 p-4">
          <p className="font-bold text-harbor-900">驗證碼已經成功送出</p>
          <p className="mt-1 text-sm text-slate-700">
            已傳送至 {state.maskedMobile},有效至 {state.expiresAt}(台灣時間)。
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
            確定
          </Button>
        </div>
      )}

      {state.error && (
        <div data-testid="verify-error" role="alert" className="rounded-lg border border-red-700 bg-red-50 p-4 text-red-900">
          <p className="font-bold">{state.error.message}</p>
          {state.error.reason === 'not-found' && (
            <>
              <p className="mt-2 text-sm font-semibold">請先確認:</p>
              <ol className="mt-1 list-decimal space-y-0.5 pl-5 text-sm">
                {NOT_FOUND_CHECKLIST.map((item) => (
                  <li key={item}>{item}</li>
                ))}
              </ol>
              <p className="mt-2 text-sm">
                若手機資料不相符或無人員資料,必須由業者申請人登入通行證系統後,進行手機資料修改或新增一筆該人員資料。
              </p>
            </>
          )}
        </div>
      )}

      <fieldset className="space-y-4 border-t border-slate-200 pt-5" disabled={pending}>
        <legend className="text-lg font-bold text-harbor-800">確認驗證碼</legend>
        <Field
          id={id('code')}
          label="手機驗證碼"
          required
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={6}
          pattern="[0-9]{6}"
          placeholder="請輸入6位數字驗證碼"
          error={error('code')}
          {...form.register('code')}
        />
        <Button type="submit" name="intent" value="confirm" className="w-full sm:w-auto">
          送出驗證碼
        </Button>
      </fieldset>
    </form>
  );
}
