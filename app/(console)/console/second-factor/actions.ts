'use server';

import { notFound, redirect } from 'next/navigation';
import { getDb } from '@/db';
import { guardOutage, readForm } from '@/lib/action';
import { getOperatorSignIn } from '@/lib/auth/auth';
import { verifySecondFactor } from '@/lib/auth/second-factor';
import { getServerI18n } from '@/lib/i18n/server';
import { secondFactorSchema } from '@/lib/schemas/console';

export interface SecondFactorState {
  error?: string;
  recoveryCodes?: string[];
  nonce: number;
}

/**
 * The second factor of an operator's sign-in. Only a pending operator sign-in reaches it (404 for
 * anyone else); the first code after enrolment answers with the recovery codes, shown once.
 */
export async function secondFactorAction(
  prev: SecondFactorState,
  formData: FormData,
): Promise<SecondFactorState> {
  const operator = await getOperatorSignIn();
  if (!operator || operator.secondFactor) notFound();
  const nonce = (prev?.nonce ?? 0) + 1;
  const i18n = await getServerI18n();
  const parsed = secondFactorSchema.safeParse(readForm(formData));
  if (!parsed.success) return { error: i18n.t('console.validation.code'), nonce };
  const answer = await guardOutage<SecondFactorState>(
    async () => {
      const result = await verifySecondFactor(await getDb(), {
        sessionId: operator.sessionId,
        operatorId: operator.operatorId,
        code: parsed.data.code,
      });
      if (result.ok) return { recoveryCodes: result.recoveryCodes, nonce };
      switch (result.reason) {
        case 'invalid':
          return { error: i18n.t('console.secondFactor.invalid'), nonce };
        case 'replayed':
          return { error: i18n.t('console.secondFactor.replayed'), nonce };
        case 'session-ended':
          return { error: i18n.t('console.secondFactor.sessionEnded'), nonce };
        case 'locked':
          return {
            error: i18n.t('console.secondFactor.locked', {
              retryAfter: i18n.fmt.dateTime(result.retryAfter),
            }),
            nonce,
          };
      }
    },
    () => ({ error: i18n.t('refusal.unavailable'), nonce }),
  );
  // Enrolled just now: the page shows the recovery codes first, then links to the console.
  if (!answer.error && !answer.recoveryCodes) redirect('/console');
  return answer;
}
