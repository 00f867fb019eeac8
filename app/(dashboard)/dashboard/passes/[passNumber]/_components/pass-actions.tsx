'use client';

import { useState } from 'react';
import { useText } from '@/components/client-text';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button, Field } from '@/components/ui/field';
import type { ActionState } from '@/lib/web/action';
import {
  applicantConfirmSchema,
  applicantIssueSchema,
  cancelSchema,
} from '@/lib/schemas/verification';
import { cancelCodeAction, confirmCodeAction, sendCodeAction } from '../actions';

const initial: ActionState = { nonce: 0 };
type FormName = 'send' | 'confirm' | 'cancel';

function Outcome({ state, testId }: { state: ActionState | null; testId: string }) {
  if (!state?.message) return null;
  return (
    <p
      data-testid={testId}
      role={state.ok ? 'status' : 'alert'}
      className={`rounded-md border p-3 font-medium ${state.ok ? 'border-emerald-700 bg-emerald-50 text-emerald-900' : 'border-red-700 bg-red-50 text-red-900'}`}
    >
      {state.message}
    </p>
  );
}

/**
 * [取得驗證碼], [送出驗證碼] and the cancel of a pass page (manual 操作方式(二) 步驟四-九), each a
 * server action checked first in the browser with its schema. Only the newest answer of the three
 * shows: 「驗證碼已經成功送出」 gives way to 「驗證完成」.
 */
export function PassActions({
  passNumber,
  canSend,
  sendBlocked,
  canChangeMobile,
  hasPending,
}: {
  passNumber: string;
  canSend: boolean;
  /** Why [取得驗證碼] is off (an expired pass), shown beside it. */
  sendBlocked?: string;
  /** Only the company that maintains the person record may send to another number. */
  canChangeMobile: boolean;
  hasPending: boolean;
}) {
  const t = useText('dashboard');
  const send = useActionForm(applicantIssueSchema, sendCodeAction, initial, {
    defaults: { passNumber, changedMobile: '' },
  });
  const confirm = useActionForm(applicantConfirmSchema, confirmCodeAction, initial, {
    defaults: { passNumber, code: '' },
    resetOnSuccess: true,
  });
  const cancel = useActionForm(cancelSchema, cancelCodeAction, initial, {
    defaults: { passNumber, reason: '' },
    resetOnSuccess: true,
  });
  // Without JavaScript only the form that posted has an answer; with it, the last one submitted.
  const [last, setLast] = useState<FormName | null>(null);
  const shown = (name: FormName, answer: ActionState | null) =>
    last === null || last === name ? answer : null;
  const submitted =
    (name: FormName, onSubmit: (e: React.FormEvent<HTMLFormElement>) => void) =>
    (event: React.FormEvent<HTMLFormElement>) => {
      setLast(name);
      onSubmit(event);
    };

  return (
    <div className="space-y-6">
      <form
        action={send.formAction}
        onSubmit={submitted('send', send.onSubmit)}
        noValidate
        className="space-y-3"
      >
        <input type="hidden" {...send.field('passNumber')} />
        {canChangeMobile && (
          <Field
            label={t('changedMobile')}
            type="tel"
            inputMode="tel"
            hint={t('changedMobileHint')}
            disabled={!canSend}
            error={send.error('changedMobile')}
            {...send.field('changedMobile')}
          />
        )}
        <Button type="submit" disabled={!canSend || send.pending}>
          {t('getCode')}
        </Button>
        {sendBlocked && (
          <p data-testid="send-blocked" className="text-sm text-slate-700">
            {sendBlocked}
          </p>
        )}
        <Outcome state={shown('send', send.answer)} testId="send-outcome" />
      </form>

      <form
        action={confirm.formAction}
        onSubmit={submitted('confirm', confirm.onSubmit)}
        noValidate
        className="space-y-3 border-t border-slate-200 pt-4"
      >
        <input type="hidden" {...confirm.field('passNumber')} />
        <Field
          label={t('code')}
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={6}
          placeholder={t('codePlaceholder')}
          error={confirm.error('code')}
          {...confirm.field('code')}
        />
        <Button type="submit" disabled={confirm.pending}>
          {t('submitCode')}
        </Button>
        <Outcome state={shown('confirm', confirm.answer)} testId="confirm-outcome" />
      </form>

      {(hasPending || cancel.state.ok) && (
        <form
          action={cancel.formAction}
          onSubmit={submitted('cancel', cancel.onSubmit)}
          noValidate
          className="space-y-3 border-t border-slate-200 pt-4"
        >
          <input type="hidden" {...cancel.field('passNumber')} />
          <Field
            label={t('cancelReason')}
            hint={t('cancelHint')}
            error={cancel.error('reason')}
            {...cancel.field('reason')}
          />
          <Button type="submit" variant="secondary" disabled={cancel.pending}>
            {t('cancelCode')}
          </Button>
          <Outcome state={shown('cancel', cancel.answer)} testId="cancel-outcome" />
        </form>
      )}
    </div>
  );
}
