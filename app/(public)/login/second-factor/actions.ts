'use server';

import { answerSecondFactor } from '@/lib/auth/second-factor-action';
import type { SecondFactorState } from '@/lib/schemas/second-factor';

/**
 * 兩步驟驗證 of an applicant's pending sign-in: a right code replaces the pending session and
 * reissues the cookie in this response; then the dashboard, or first the recovery codes (the
 * first code of an enrolment the company requires), shown once in this answer.
 */
export async function applicantSecondFactorAction(
  prev: SecondFactorState,
  formData: FormData,
): Promise<SecondFactorState> {
  return answerSecondFactor('applicant', prev, formData);
}
