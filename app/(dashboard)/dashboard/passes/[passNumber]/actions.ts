'use server';

import { revalidatePath } from 'next/cache';
import { applicantAction, formField, type ActionState } from '@/lib/auth/action';
import { formatTaipeiDateTime } from '@/lib/dates';
import { getVerificationDeps } from '@/lib/runtime';
import { cancelPendingCode, confirmCode, describeRefusal, issueCode } from '@/lib/verification';

const refresh = (passNumber: string) => revalidatePath(`/dashboard/passes/${encodeURIComponent(passNumber)}`);

/** [取得驗證碼] for 預設手機號碼, or for 修改手機號碼 when filled in (manual 操作方式(二) 步驟四-五). */
export const sendCodeAction = applicantAction<ActionState>(async (applicant, formData, { log }) => {
  const passNumber = formField(formData, 'passNumber', 40);
  const result = await issueCode(await getVerificationDeps({ log }), {
    channel: 'applicant',
    accountId: applicant.accountId,
    companyId: applicant.companyId,
    passNumber,
    changedMobile: formField(formData, 'changedMobile', 40),
  });
  refresh(passNumber);
  if (result.ok) {
    return { ok: true, message: `驗證碼已經成功送出至 ${result.maskedMobile},有效至 ${formatTaipeiDateTime(result.expiresAt)}。` };
  }
  return {
    ok: false,
    message: describeRefusal(result, 'applicant'),
    fieldErrors: result.reason === 'invalid-input' ? result.fieldErrors : undefined,
  };
});

/** [送出驗證碼]: confirms the pass's pending code. */
export const confirmCodeAction = applicantAction<ActionState>(async (applicant, formData, { log }) => {
  const passNumber = formField(formData, 'passNumber', 40);
  const result = await confirmCode(await getVerificationDeps({ log }), {
    channel: 'applicant',
    companyId: applicant.companyId,
    passNumber,
    code: formField(formData, 'code', 20),
  });
  refresh(passNumber);
  if (result.ok) {
    return { ok: true, message: result.personUpdated ? '驗證完成,人員資料手機號碼已同步更新。' : '驗證完成。' };
  }
  return {
    ok: false,
    message: describeRefusal(result, 'applicant'),
    fieldErrors: result.reason === 'invalid-input' ? result.fieldErrors : undefined,
  };
});

/** Cancels the pending code (a lost SMS), freeing the triple's 24-hour window. */
export const cancelCodeAction = applicantAction<ActionState>(async (applicant, formData, { log }) => {
  const passNumber = formField(formData, 'passNumber', 40);
  const result = await cancelPendingCode(await getVerificationDeps({ log }), {
    companyId: applicant.companyId,
    accountId: applicant.accountId,
    passNumber,
    reason: formField(formData, 'reason', 400),
  });
  refresh(passNumber);
  if (result.ok) return { ok: true, message: '已取消待驗證的驗證碼,可重新發送。' };
  return {
    ok: false,
    message: describeRefusal(result, 'applicant'),
    fieldErrors: result.reason === 'invalid-input' ? result.fieldErrors : undefined,
  };
});
