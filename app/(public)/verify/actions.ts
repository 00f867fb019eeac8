'use server';

import { publicAction } from '@/lib/web/action';
import { getEngineDeps } from '@/lib/server/engine';
import { maskMobile } from '@/lib/values/phone';
import { verifyFormSchema } from '@/lib/schemas/verification';
import { normaliseText } from '@/lib/values/text';
import { confirmCode, issueCode } from '@/lib/verification';
import type { VerifyFormState } from '@/app/(public)/state';

/** What the form shows again after an answer: the triple as typed (normalised). */
const typedValues = (raw: Record<string, string>): VerifyFormState['values'] => ({
  passNumber: normaliseText(raw.passNumber),
  identityNumber: normaliseText(raw.identityNumber),
  mobile: normaliseText(raw.mobile),
});

/** The step the form stays on after a refusal: the code field only once a code was sent. */
const stayOn = (
  prev: VerifyFormState | undefined,
  intent: string | undefined,
): VerifyFormState['step'] =>
  intent === 'confirm'
    ? !prev || prev.step === 'start'
      ? 'start'
      : 'sent'
    : (prev?.step ?? 'start');

/** The public form's one action: [取得驗證碼] (intent=issue) or [送出驗證碼] (intent=confirm). */
export const verifyPhoneAction = publicAction<typeof verifyFormSchema, VerifyFormState>(
  verifyFormSchema,
  async (input, { prev, raw, ip, log, i18n, deadline }) => {
    const deps = await getEngineDeps({ log });
    const values = typedValues(raw);
    if (input.intent === 'confirm') {
      const result = await confirmCode(deps, { channel: 'public', ...input, ip, deadline });
      if (result.ok) return { step: 'verified', values, maskedMobile: maskMobile(result.mobile) };
      return { step: stayOn(prev, input.intent), values, ...i18n.publicRefusal(result) };
    }
    const result = await issueCode(deps, {
      channel: 'public',
      ...input,
      ip,
      locale: i18n.locale,
      deadline,
    });
    if (result.ok)
      return {
        step: 'sent',
        values,
        maskedMobile: result.maskedMobile,
        expiresAt: i18n.fmt.dateTime(result.expiresAt),
      };
    return { step: stayOn(prev, input.intent), values, ...i18n.publicRefusal(result) };
  },
  {
    invalid: (fieldErrors, { prev, raw, i18n }) => ({
      step: stayOn(prev, raw.intent),
      values: typedValues(raw),
      fieldErrors,
      error: { reason: 'invalid-input', message: i18n.t('refusal.invalidInput') },
    }),
    outage: ({ prev, raw, i18n }) => ({
      step: prev?.step ?? 'start',
      values: typedValues(raw),
      error: { reason: 'unavailable', message: i18n.t('refusal.unavailable') },
    }),
  },
);
