'use server';

import { revalidatePath } from 'next/cache';
import { formField } from '@/lib/action';
import { applicantAction, type ActionState } from '@/lib/auth/action';
import { getServerI18n } from '@/lib/i18n/server';
import { getVerificationDeps } from '@/lib/runtime';
import { cancelPendingCode, confirmCode, issueCode } from '@/lib/verification';

const refresh = (passNumber: string) => revalidatePath(`/dashboard/passes/${encodeURIComponent(passNumber)}`);

/** [取得驗證碼] for 預設手機號碼, or for 修改手機號碼 when filled in (manual 操作方式(二) 步驟四-五). */
export const sendCodeAction = applicantAction<ActionState>(async (applicant, formData, { log }) => {
  const i18n = await getServerI18n();
  const passNumber = formField(formData, 'passNumber', 40);
  const result = await issueCode(await getVerificationDeps({ log }), {
    channel: 'applicant',
    accountId: applicant.accountId,
    companyId: applicant.companyId,
    passNumber,
    changedMobile: formField(formData, 'changedMobile', 40),
    locale: i18n.locale,
  });
  refresh(passNumber);
  if (result.ok) {
    return { ok: true, message: i18n.t('dashboard.sent', { masked: result.maskedMobile, expiresAt: i18n.fmt.dateTime(result.expiresAt) }) };
  }
  return i18n.refused(result, 'applicant');
});

/** [送出驗證碼]: confirms the pass's pending code. */
export const confirmCodeAction = applicantAction<ActionState>(async (applicant, formData, { log }) => {
  const i18n = await getServerI18n();
  const passNumber = formField(formData, 'passNumber', 40);
  const result = await confirmCode(await getVerificationDeps({ log }), {
    channel: 'applicant',
    companyId: applicant.companyId,
    passNumber,
    code: formField(formData, 'code', 20),
  });
  refresh(passNumber);
  if (result.ok) return { ok: true, message: i18n.t(result.personUpdated ? 'dashboard.verifiedUpdated' : 'dashboard.verified') };
  return i18n.refused(result, 'applicant');
});

/** Cancels the pending code (a lost SMS), freeing the triple's 24-hour window. */
export const cancelCodeAction = applicantAction<ActionState>(async (applicant, formData, { log }) => {
  const i18n = await getServerI18n();
  const passNumber = formField(formData, 'passNumber', 40);
  const result = await cancelPendingCode(await getVerificationDeps({ log }), {
    companyId: applicant.companyId,
    accountId: applicant.accountId,
    passNumber,
    reason: formField(formData, 'reason', 400),
  });
  refresh(passNumber);
  if (result.ok) return { ok: true, message: i18n.t('dashboard.cancelled') };
  return i18n.refused(result, 'applicant');
});
