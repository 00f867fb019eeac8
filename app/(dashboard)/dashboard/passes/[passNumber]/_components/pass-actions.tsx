'use client';

import { useText } from '@/components/client-text';
import { useActionState } from 'react';
import { Button, Field } from '@/components/ui/field';
import type { ActionState } from '@/lib/action';
import { cancelCodeAction, confirmCodeAction, sendCodeAction } from '../actions';

const initial: ActionState = { nonce: 0 };

function Outcome({ state, testId }: { state: ActionState; testId: string }) {
  if (!state.message) return null;
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

export function PassActions({
  passNumber,
  canSend,
  canChangeMobile,
  hasPending,
}: {
  passNumber: string;
  canSend: boolean;
  /** Only the company that maintains the person record may send to another number. */
  canChangeMobile: boolean;
  hasPending: boolean;
}) {
  const t = useText('dashboard');
  const [sendState, send, sending] = useActionState(sendCodeAction, initial);
  const [confirmState, confirm, confirming] = useActionState(confirmCodeAction, initial);
  const [cancelState, cancel, cancelling] = useActionState(cancelCodeAction, initial);
  return (
    <div className="space-y-6">
      <form action={send} className="space-y-3">
        <input type="hidden" name="passNumber" value={passNumber} />
        {canChangeMobile && (
          <Field
            label={t('changedMobile')}
            name="changedMobile"
            type="tel"
            inputMode="tel"
            hint={t('changedMobileHint')}
            disabled={!canSend}
            error={sendState.fieldErrors?.changedMobile}
          />
        )}
        <Button type="submit" disabled={!canSend || sending}>
          {t('getCode')}
        </Button>
        <Outcome state={sendState} testId="send-outcome" />
      </form>

      <form action={confirm} className="space-y-3 border-t border-slate-200 pt-4">
        <input type="hidden" name="passNumber" value={passNumber} />
        <Field
          label={t('code')}
          name="code"
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={6}
          placeholder={t('codePlaceholder')}
          error={confirmState.fieldErrors?.code}
        />
        <Button type="submit" disabled={confirming}>
          {t('submitCode')}
        </Button>
        <Outcome state={confirmState} testId="confirm-outcome" />
      </form>

      {(hasPending || cancelState.ok) && (
        <form action={cancel} className="space-y-3 border-t border-slate-200 pt-4">
          <input type="hidden" name="passNumber" value={passNumber} />
          <Field
            label={t('cancelReason')}
            name="reason"
            hint={t('cancelHint')}
            error={cancelState.fieldErrors?.reason}
          />
          <Button type="submit" variant="secondary" disabled={cancelling}>
            {t('cancelCode')}
          </Button>
          <Outcome state={cancelState} testId="cancel-outcome" />
        </form>
      )}
    </div>
  );
}
