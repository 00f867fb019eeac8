'use server';

import { formField, guardOutage, type ActionContext } from '@/lib/action';
import { getServerI18n } from '@/lib/i18n/server';
import { maskMobile } from '@/lib/phone';
import { getVerificationDeps } from '@/lib/runtime';
import { normaliseText } from '@/lib/text';
import { confirmCode, issueCode } from '@/lib/verification';
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
  const i18n = await getServerI18n();
  return guardOutage<VerifyFormState>(
    (ctx) => runVerifyStep(prev, field, values, nonce, ctx, i18n),
    () => ({ step: prev?.step ?? 'start', values, nonce, error: { reason: 'unavailable', message: i18n.t('refusal.unavailable') } }),
  );
}

async function runVerifyStep(
  prev: VerifyFormState,
  field: (name: string) => string,
  values: VerifyFormState['values'],
  nonce: number,
  { ip, log }: ActionContext,
  i18n: Awaited<ReturnType<typeof getServerI18n>>,
): Promise<VerifyFormState> {
  const deps = await getVerificationDeps({ log });

  if (field('intent') === 'confirm') {
    const result = await confirmCode(deps, { channel: 'public', ...values, code: field('code'), ip });
    if (result.ok) return { step: 'verified', values, maskedMobile: maskMobile(result.mobile), nonce };
    return {
      step: !prev || prev.step === 'start' ? 'start' : 'sent',
      values,
      nonce,
      fieldErrors: result.reason === 'invalid-input' ? i18n.fieldErrors(result.fieldErrors) : undefined,
      error: { reason: result.reason, message: i18n.refusal(result, 'public') },
    };
  }

  const result = await issueCode(deps, { channel: 'public', ...values, ip, locale: i18n.locale });
  if (result.ok) {
    return { step: 'sent', values, nonce, maskedMobile: result.maskedMobile, expiresAt: i18n.fmt.dateTime(result.expiresAt) };
  }
  return {
    step: prev?.step ?? 'start',
    values,
    nonce,
    fieldErrors: result.reason === 'invalid-input' ? i18n.fieldErrors(result.fieldErrors) : undefined,
    error: { reason: result.reason, message: i18n.refusal(result, 'public') },
  };
}
