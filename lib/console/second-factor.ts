import 'server-only';
import { getDb } from '@/db';
import { guardOutage, readForm } from '@/lib/action';
import { rotateOperatorSession, type OperatorSignIn } from '@/lib/auth/auth';
import { verifySecondFactor } from '@/lib/auth/second-factor';
import { getServerI18n } from '@/lib/i18n/server';
import { secondFactorSchema } from '@/lib/schemas/console';

export interface SecondFactorState {
  error?: string;
  recoveryCodes?: string[];
  redirectTo?: string;
  nonce: number;
}

/**
 * The second factor of a pending operator sign-in (POST /console/second-factor/answer, which
 * answers 404 to anyone else). A right code replaces the pending session and reissues the cookie
 * in this response only; then the console, or first the recovery codes (the first code after
 * enrolment), shown once.
 */
export async function answerSecondFactor(
  operator: OperatorSignIn,
  prev: SecondFactorState,
  formData: FormData,
): Promise<SecondFactorState> {
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
      if (result.ok) {
        await rotateOperatorSession(result.sessionId);
        return result.recoveryCodes
          ? { recoveryCodes: result.recoveryCodes, nonce }
          : { redirectTo: '/console', nonce };
      }
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
  return answer;
}
