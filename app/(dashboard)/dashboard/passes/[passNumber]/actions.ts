'use server';

import { revalidatePath } from 'next/cache';
import { applicantAction } from '@/lib/web/action';
import { getEngineDeps } from '@/lib/server/engine';
import {
  applicantConfirmSchema,
  applicantIssueSchema,
  cancelSchema,
} from '@/lib/schemas/verification';
import { cancelPendingCode, confirmCode, issueCode } from '@/lib/verification';

const refresh = (passNumber: string) =>
  revalidatePath(`/dashboard/passes/${encodeURIComponent(passNumber)}`);

/** [取得驗證碼] for 預設手機號碼, or for 修改手機號碼 when filled in (manual 操作方式(二) 步驟四-五). */
export const sendCodeAction = applicantAction(
  applicantIssueSchema,
  async (input, applicant, { log, i18n, deadline }) => {
    const result = await issueCode(await getEngineDeps({ log }), {
      deadline,
      channel: 'applicant',
      accountId: applicant.accountId,
      companyId: applicant.companyId,
      passNumber: input.passNumber,
      changedMobile: input.changedMobile,
      locale: i18n.locale,
    });
    refresh(input.passNumber);
    if (result.ok) {
      return {
        ok: true,
        message: i18n.t('dashboard.sent', {
          masked: result.maskedMobile,
          expiresAt: i18n.fmt.dateTime(result.expiresAt),
        }),
      };
    }
    return i18n.refused(result);
  },
);

/** [送出驗證碼]: confirms the pass's pending code. */
export const confirmCodeAction = applicantAction(
  applicantConfirmSchema,
  async (input, applicant, { log, i18n, deadline }) => {
    const result = await confirmCode(await getEngineDeps({ log }), {
      channel: 'applicant',
      companyId: applicant.companyId,
      ...input,
      deadline,
    });
    refresh(input.passNumber);
    if (result.ok)
      return {
        ok: true,
        message: i18n.t(result.personUpdated ? 'dashboard.verifiedUpdated' : 'dashboard.verified'),
      };
    return i18n.refused(result);
  },
);

/** Cancels the pending or locked code (a lost SMS), freeing the triple's 24-hour window. */
export const cancelCodeAction = applicantAction(
  cancelSchema,
  async (input, applicant, { log, i18n }) => {
    const result = await cancelPendingCode(await getEngineDeps({ log }), {
      companyId: applicant.companyId,
      accountId: applicant.accountId,
      ...input,
    });
    refresh(input.passNumber);
    if (result.ok) return { ok: true, message: i18n.t('dashboard.cancelled') };
    return i18n.refused(result);
  },
);
