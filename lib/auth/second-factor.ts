import crypto from 'node:crypto';
import type { Db } from '@/db/client';
import { insertAudit } from '@/db/queries/audit';
import {
  claimTotpStep,
  completeSecondFactor,
  ensureEnrolmentSecret,
  findLiveOperatorSession,
  findOperatorById,
  markTotpEnrolled,
  replaceRecoveryCodes,
  useRecoveryCode,
} from '@/db/queries/operators';
import { env } from '../env';
import { countTry, refundTry, type Limit } from '../limits';
import { logger } from '../logger';
import { normaliseText } from '../text';
import { SESSION_HOURS } from './auth.config';
import {
  generateRecoveryCodes,
  generateTotpSecret,
  hashRecoveryCode,
  looksLikeRecoveryCode,
  matchTotpStep,
} from './totp';

/** How long the password step waits for the second factor. */
export const PENDING_SECOND_FACTOR_MINUTES = 10;

export type SecondFactorResult =
  /** `sessionId`: the console session that replaces the pending one (its cookie must be reissued). */
  | { ok: true; sessionId: string; recoveryCodes?: string[] }
  | { ok: false; reason: 'invalid' | 'replayed' | 'session-ended' }
  | { ok: false; reason: 'locked'; retryAfter: Date };

/** The operator's actor name in the audit log. */
export const consoleActor = (login: string) => `console:${login}`;

/** Second-factor tries per operator before a lockout, as for passwords (lib/limits.ts). */
const secondFactorLimits = (operatorId: number): Limit[] => [
  {
    name: 'totp-operator',
    key: String(operatorId),
    max: env.LIMIT_SIGNIN_FAILURES_PER_ACCOUNT,
    windowMs: env.SIGNIN_LOCK_MINUTES * 60_000,
  },
];

/**
 * The secret being enrolled on the TOTP page (one is made on the first visit and kept until the
 * first code confirms it), or null once the operator is enrolled.
 */
export async function enrolmentSecret(db: Db, input: { operatorId: number }) {
  return ensureEnrolmentSecret(db, { operatorId: input.operatorId, secret: generateTotpSecret() });
}

/**
 * The second factor of an operator's pending sign-in: a TOTP code (claimed once per time step,
 * in the database, so a replay fails on every instance) or, once enrolled, an unused recovery
 * code. The try is counted before the code is checked. The first right code after enrolment
 * also returns the recovery codes, shown once and stored hashed. A right code ends the pending
 * session and opens a new one: its id goes only to the browser that entered the code.
 */
export async function verifySecondFactor(
  db: Db,
  input: { sessionId: string; operatorId: number; code: unknown; now?: Date },
): Promise<SecondFactorResult> {
  const now = input.now ?? new Date();
  const code = normaliseText(input.code).replace(/\s/g, '').slice(0, 20);
  const limits = secondFactorLimits(input.operatorId);
  const counted = await countTry(db, limits, now);
  if (!counted.ok) return { ok: false, reason: 'locked', retryAfter: counted.retryAfter };

  const [operator, session] = await Promise.all([
    findOperatorById(db, { id: input.operatorId }),
    findLiveOperatorSession(db, { sessionId: input.sessionId, operatorId: input.operatorId, now }),
  ]);
  if (!operator?.totpSecret || !session || session.secondFactorAt)
    return { ok: false, reason: 'session-ended' };
  const enrolled = operator.totpEnrolledAt !== null;
  const log = { operator: operator.login };

  const result = await db.transaction(async (tx): Promise<SecondFactorResult> => {
    let recoveryCodes: string[] | undefined;
    let method: 'totp' | 'recovery-code';
    if (enrolled && looksLikeRecoveryCode(code)) {
      method = 'recovery-code';
      const used = await useRecoveryCode(tx, {
        operatorId: operator.id,
        codeHash: hashRecoveryCode(code),
        now,
      });
      if (!used) return { ok: false, reason: 'invalid' };
    } else {
      method = 'totp';
      const step = matchTotpStep(operator.totpSecret!, code, now);
      if (step === null) return { ok: false, reason: 'invalid' };
      if (!(await claimTotpStep(tx, { operatorId: operator.id, step })))
        return { ok: false, reason: 'replayed' };
      if (!enrolled) {
        await markTotpEnrolled(tx, { operatorId: operator.id, now });
        recoveryCodes = generateRecoveryCodes();
        await replaceRecoveryCodes(tx, {
          operatorId: operator.id,
          codeHashes: recoveryCodes.map(hashRecoveryCode),
        });
      }
    }
    const sessionId = crypto.randomUUID();
    const completed = await completeSecondFactor(tx, {
      sessionId: input.sessionId,
      newSessionId: sessionId,
      now,
      hours: SESSION_HOURS,
    });
    if (!completed) return { ok: false, reason: 'session-ended' };
    await insertAudit(tx, {
      actor: consoleActor(operator.login),
      action: enrolled ? 'operator.sign-in' : 'operator.enrol-totp',
      subject: `operator:${operator.id}`,
      details: { method },
    });
    return { ok: true, sessionId, recoveryCodes };
  });
  if (result.ok) await refundTry(db, limits, now);
  else logger.warn({ ...log, reason: result.reason }, 'second factor refused');
  return result;
}
