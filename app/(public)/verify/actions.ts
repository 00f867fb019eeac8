'use server';

import { headers } from 'next/headers';
import { clientIpFrom } from '@/lib/client-ip';
import { formatTaipeiDateTime } from '@/lib/dates';
import { maskMobile } from '@/lib/phone';
import { normaliseText } from '@/lib/text';
import { getVerificationDeps } from '@/lib/runtime';
import { confirmCode, issueCode } from '@/lib/verification';
import { describeRefusal } from '@/lib/verification/messages';
import type { VerifyFormState } from './state';

/** The public dialog's one action: [取得驗證碼] (intent=issue) or [送出驗證碼] (intent=confirm). */
export async function verifyPhoneAction(prev: VerifyFormState, formData: FormData): Promise<VerifyFormState> {
  const field = (name: string) => {
    const v = formData.get(name);
    return typeof v === 'string' ? v.slice(0, 200) : '';
  };
  const values = {
    passNumber: normaliseText(field('passNumber')),
    identityNumber: normaliseText(field('identityNumber')),
    mobile: normaliseText(field('mobile')),
  };
  const nonce = prev.nonce + 1;
  const deps = await getVerificationDeps();
  const ip = clientIpFrom(await headers());

  if (field('intent') === 'confirm') {
    const result = await confirmCode(deps, { channel: 'public', ...values, code: field('code'), ip });
    if (result.ok) return { step: 'verified', values, maskedMobile: maskMobile(result.mobile), nonce };
    return {
      step: prev.step === 'start' ? 'start' : 'sent',
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
    step: prev.step,
    values,
    nonce,
    fieldErrors: result.reason === 'invalid-input' ? result.fieldErrors : undefined,
    error: { reason: result.reason, message: describeRefusal(result) },
  };
}
