'use server';

import { formField, guardOutage, UNAVAILABLE_MESSAGE, type ActionContext } from '@/lib/auth/action';
import { formatTaipeiDateTime } from '@/lib/dates';
import { maskMobile } from '@/lib/phone';
import { normaliseText } from '@/lib/text';
import { getVerificationDeps } from '@/lib/runtime';
import { confirmCode, issueCode } from '@/lib/verification';
import { describeRefusal } from '@/lib/verification/messages';
import type { VerifyFormState } from './state';

/** The public dialog's one action: [取得驗證碼] (intent=issue) or [送出驗證碼] (intent=confirm). */
export async function verifyPhoneAction(prev: VerifyFormState, formData: FormData): Promise<VerifyFormState> {
  const nonce = (prev?.nonce ?? 0) + 1;
  const field = (name: string) => formField(formData, name, 200);
  const values = {
    passNumber: normaliseText(field('passNumber')),
    identityNumber: normaliseText(field('identityNumber')),
    mobile: normaliseText(field('mobile')),
  };
  return guardOutage<VerifyFormState>(
    (ctx) => runVerifyStep(prev, field, values, nonce, ctx),
    () => ({ step: prev?.step ?? 'start', values, nonce, error: { reason: 'unavailable', message: UNAVAILABLE_MESSAGE } }),
  );
}

async function runVerifyStep(
  prev: VerifyFormState,
  field: (name: string) => string,
  values: VerifyFormState['values'],
  nonce: number,
  { ip, log }: ActionContext,
): Promise<VerifyFormState> {
  const deps = await getVerificationDeps({ log });

  if (field('intent') === 'confirm') {
    const result = await confirmCode(deps, { channel: 'public', ...values, code: field('code'), ip });
    if (result.ok) return { step: 'verified', values, maskedMobile: maskMobile(result.mobile), nonce };
    return {
      step: prev?.step === 'start' || !prev ? 'start' : 'sent',
      values,
      nonce,
      fieldErrors: result.reason === 'invalid-input' ? result.fieldErrors : undefined,
      error: { reason: result.reason, message: describeRefusal(result) },
    };
  }

  const result = await issueCode(deps, { channel: 'public', ...values, ip });
  if (result.ok) {
    return {
      step: 'sent',
      values,
      nonce,
      maskedMobile: result.maskedMobile,
      expiresAt: formatTaipeiDateTime(result.expiresAt),
    };
  }
  return {
    step: prev?.step ?? 'start',
    values,
    nonce,
    fieldErrors: result.reason === 'invalid-input' ? result.fieldErrors : undefined,
    error: { reason: result.reason, message: describeRefusal(result) },
  };
}
