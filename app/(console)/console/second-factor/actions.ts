'use server';

import * as z from 'zod/mini';
import { notFound, redirect } from 'next/navigation';
import { getDb } from '@/db';
import { guardOutage, readForm } from '@/lib/action';
import { getOperatorSignIn, rotateOperatorSession } from '@/lib/auth/auth';
import { verifySecondFactor } from '@/lib/auth/second-factor';
import { getServerI18n } from '@/lib/i18n/server';
import { secondFactorSchema } from '@/lib/schemas/console';
import type { SecondFactorState } from './state';

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
  const operator = await getOperatorSignIn();
  if (!operator || operator.secondFactor) notFound();
  const nonce = (prev?.nonce ?? 0) + 1;
  const i18n = await getServerI18n();
  const parsed = z.safeParse(secondFactorSchema, readForm(formData));
  if (!parsed.success) return { fieldErrors: { code: i18n.t('console.validation.code') }, nonce };
  const answer = await guardOutage<SecondFactorState>(
    async () => {
      const result = await verifySecondFactor(await getDb(), {
        sessionId: operator.sessionId,
        operatorId: operator.operatorId,
        code: parsed.data.code,
      });
      if (result.ok) {
        await rotateOperatorSession(result.sessionId);
        return { ok: true, recoveryCodes: result.recoveryCodes, nonce };
      }
      const error = (message: string) => ({ fieldErrors: { code: message }, nonce });
      switch (result.reason) {
        case 'invalid':
          return error(i18n.t('console.secondFactor.invalid'));
        case 'replayed':
          return error(i18n.t('console.secondFactor.replayed'));
        case 'session-ended':
          return error(i18n.t('console.secondFactor.sessionEnded'));
        case 'locked':
          return error(
            i18n.t('console.secondFactor.locked', {
              retryAfter: i18n.fmt.dateTime(result.retryAfter),
            }),
          );
      }
    },
    () => ({ message: i18n.t('refusal.unavailable'), nonce }),
  );
  // Signed in with a code: on to the console. Enrolled just now: the codes first.
  if (answer.ok && !answer.recoveryCodes) redirect('/console');
  return answer;
}
