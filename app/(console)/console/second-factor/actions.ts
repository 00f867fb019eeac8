'use server';

import { answerSecondFactor } from '@/lib/auth/second-factor-action';
import type { SecondFactorState } from '@/lib/schemas/second-factor';

/**
 * 兩步驟驗證: the second factor of a pending operator sign-in (404 to anyone else). A right code
 * replaces the pending session and reissues the cookie in this response; then the console, or
 * first the recovery codes (the first code after enrolment), shown once in this answer and kept
 * nowhere else.
 */
export async function secondFactorAction(
  prev: SecondFactorState,
  formData: FormData,
): Promise<SecondFactorState> {
  return answerSecondFactor('operator', prev, formData);
}
