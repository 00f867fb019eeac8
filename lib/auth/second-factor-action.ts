import * as z from 'zod/mini';
import { notFound, redirect } from 'next/navigation';
import { getDb } from '@/db';
import { guardOutage, readForm } from '../web/action';
import { getServerI18n } from '../i18n/server';
import {
  SECOND_FACTOR_SCHEMAS,
  SECOND_FACTOR_TEXT,
  type SecondFactorKind,
  type SecondFactorState,
} from '../schemas/second-factor';
import { getApplicantSignIn, getOperatorSignIn, rotateSession } from './auth';
import { verifySecondFactor, type EnrolResult, type SecondFactorResult } from './second-factor';

type I18n = Awaited<ReturnType<typeof getServerI18n>>;
type Refused = Extract<SecondFactorResult | EnrolResult, { ok: false }>;

/** Where each area opens once its second factor is done. */
const HOME: Record<SecondFactorKind, string> = { operator: '/console', applicant: '/dashboard' };

/** The pending sign-in of this area posting the code, or null. */
async function pendingSignIn(kind: SecondFactorKind) {
  if (kind === 'operator') {
    const operator = await getOperatorSignIn();
    return operator?.pending
      ? { sessionId: operator.sessionId, operatorId: operator.operatorId }
      : null;
  }
  const applicant = await getApplicantSignIn();
  return applicant?.pending
    ? { sessionId: applicant.sessionId, accountId: applicant.accountId }
    : null;
}

/** A refused code as its form says it: at the code field, in the area's words. */
export function secondFactorRefusal(
  kind: SecondFactorKind,
  result: Refused,
  i18n: I18n,
): { ok: false; fieldErrors: { code: string } } {
  const t = (key: string, values?: Record<string, string>) =>
    i18n.t(`${SECOND_FACTOR_TEXT[kind]}.${key}`, values);
  const message =
    result.reason === 'locked'
      ? t('locked', { retryAfter: i18n.fmt.dateTime(result.retryAfter) })
      : t(
          {
            invalid: 'invalid',
            replayed: 'replayed',
            'session-ended': 'sessionEnded',
            enrolled: 'enrolled',
          }[result.reason],
        );
  return { ok: false, fieldErrors: { code: message } };
}

/**
 * 兩步驟驗證, the second step of a pending sign-in (an operator's, or an applicant's): a right
 * code replaces the pending session and reissues the cookie in this response; then the area
 * opens, or first the recovery codes (the first code after enrolment), shown once in this answer
 * and kept nowhere else. An operator's form answers 404 to anyone but a pending operator (the
 * console is hidden); an applicant's says the sign-in has ended.
 */
export async function answerSecondFactor(
  kind: SecondFactorKind,
  prev: SecondFactorState,
  formData: FormData,
): Promise<SecondFactorState> {
  const signIn = await pendingSignIn(kind);
  if (!signIn && kind === 'operator') notFound();
  const nonce = (prev?.nonce ?? 0) + 1;
  const i18n = await getServerI18n();
  if (!signIn)
    return { ...secondFactorRefusal(kind, { ok: false, reason: 'session-ended' }, i18n), nonce };
  const parsed = z.safeParse(SECOND_FACTOR_SCHEMAS[kind], readForm(formData));
  if (!parsed.success) {
    const key = parsed.error.issues[0]?.message ?? '';
    return { fieldErrors: { code: i18n.t(key) }, nonce };
  }
  const answer = await guardOutage<SecondFactorState>(
    async () => {
      const result = await verifySecondFactor(await getDb(), { ...signIn, code: parsed.data.code });
      if (!result.ok) return { ...secondFactorRefusal(kind, result, i18n), nonce };
      await rotateSession(result.sessionId);
      return { ok: true, recoveryCodes: result.recoveryCodes, nonce };
    },
    () => ({ message: i18n.t('refusal.unavailable'), nonce }),
  );
  // Signed in with a code: on to the area. Enrolled just now: the codes first.
  if (answer.ok && !answer.recoveryCodes) redirect(HOME[kind]);
  return answer;
}
