'use server';

import { revalidatePath } from 'next/cache';
import { getDb } from '@/db';
import { applicantAction } from '@/lib/web/action';
import { enrolSecondFactor } from '@/lib/auth/second-factor';
import { secondFactorRefusal } from '@/lib/auth/second-factor-action';
import { SECOND_FACTOR_SCHEMAS, type SecondFactorState } from '@/lib/schemas/second-factor';

/**
 * 帳號安全: the first right code of the secret shown on the page turns the second factor on; the
 * answer holds the recovery codes, shown once from it (never stored in a cookie). The page
 * refreshes to say it is on; the form keeps the answer.
 */
export const enrolSecondFactorAction = applicantAction<
  typeof SECOND_FACTOR_SCHEMAS.applicant,
  SecondFactorState
>(SECOND_FACTOR_SCHEMAS.applicant, async (input, applicant, { i18n }) => {
  const result = await enrolSecondFactor(await getDb(), {
    sessionId: applicant.sessionId,
    accountId: applicant.accountId,
    code: input.code,
  });
  if (!result.ok) return secondFactorRefusal('applicant', result, i18n);
  revalidatePath('/dashboard/account');
  return { ok: true, recoveryCodes: result.recoveryCodes };
});
