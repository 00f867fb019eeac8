import {
  countWrongGuess,
  expireAttempt,
  PENDING_STATES,
  readConfirmTarget,
  verifyAttempt,
} from '@/db/queries/verification';
import { maskClient } from '../web/client-ip';
import { taipeiDate } from '../values/dates';
import type { DeadlineScope } from '../web/deadline';
import { HOUR_MS } from '../domain/limits';
import { maskIdentity } from '../values/identity';
import { maskMobile } from '../values/phone';
import { sendNumberChangeAlerts } from './alerts';
import { codeMatches } from './codes';
import { clock, logOf, publicClientHit, type EngineDeps } from './deps';
import type { ApplicantConfirmInput, PublicConfirmInput } from '../schemas/verification';

/** A code to confirm, its fields parsed by the form's schema (lib/schemas/verification.ts). */
export type ConfirmRequest = (
  | ({ channel: 'public'; ip: string | null } & PublicConfirmInput)
  | ({ channel: 'applicant'; companyId: number } & ApplicantConfirmInput)
) & {
  /** The action's deadline (lib/web/deadline.ts): a committed verification is answered as such. */
  deadline?: DeadlineScope;
};

export type ConfirmResult =
  | { ok: true; mobile: string; verifiedAt: Date; personUpdated: boolean }
  | { ok: false; reason: 'not-found' }
  | { ok: false; reason: 'expired-pass'; validUntil: string }
  | { ok: false; reason: 'no-pending-code' }
  | { ok: false; reason: 'not-maintainer' }
  | { ok: false; reason: 'wrong-code'; triesLeft: number }
  /** Dead after too many wrong codes; the triple can have a new one from `retryAfter`. */
  | { ok: false; reason: 'locked'; retryAfter: Date }
  | { ok: false; reason: 'expired' }
  | { ok: false; reason: 'rate-limited'; retryAfter: Date };

/**
 * 送出驗證碼, in two statements and no open transaction: one reads the pass, its holder's record
 * and the newest attempt; the other resolves the attempt with its state re-checked under the row
 * lock, so concurrent confirms cannot both succeed and concurrent wrong guesses cannot exceed the
 * try limit.
 */
export async function confirmCode(
  deps: EngineDeps,
  request: ConfirmRequest,
): Promise<ConfirmResult> {
  const now = clock(deps);
  const companyId = request.channel === 'applicant' ? request.companyId : null;
  const clientHit = request.channel === 'public' ? publicClientHit(deps, request.ip) : null;

  const target = await readConfirmTarget(deps.db, {
    passNumber: request.passNumber,
    companyId,
    identityNumber: request.channel === 'public' ? request.identityNumber : null,
    mobile: request.channel === 'public' ? request.mobile : null,
    clientHit,
    now,
  });
  const result = await resolve();
  deps.observe?.({
    type: 'confirmed',
    channel: request.channel,
    outcome: result.ok ? 'verified' : result.reason,
  });
  if (result.ok)
    logOf(deps).info({ pass: request.passNumber, to: maskMobile(result.mobile) }, 'phone verified');
  if (!result.ok && result.reason === 'locked') {
    const client =
      request.channel === 'public' ? maskClient(request.ip) : `company:${request.companyId}`;
    logOf(deps).warn(
      { pass: request.passNumber, channel: request.channel, client },
      'verification code locked',
    );
  }
  return result;

  async function resolve(): Promise<ConfirmResult> {
    if (target.clientRefused) {
      return {
        ok: false,
        reason: 'rate-limited',
        retryAfter: target.clientRetryAfter ?? new Date(now.getTime() + HOUR_MS),
      };
    }
    if (!target.passId) return { ok: false, reason: 'not-found' };
    // Rule 1: until the whole triple matches, the public channel answers only "not found", so a
    // stranger cannot learn that a pass number and an identity number belong together.
    if (
      request.channel === 'public' &&
      (target.holderIdentityNumber !== request.identityNumber ||
        target.personMobile !== request.mobile)
    ) {
      return { ok: false, reason: 'not-found' };
    }
    if (target.validUntil! < taipeiDate(now))
      return { ok: false, reason: 'expired-pass', validUntil: target.validUntil! };

    const attempt = target.attempt;
    if (!attempt) return { ok: false, reason: 'no-pending-code' };
    if (attempt.state === 'locked')
      return { ok: false, reason: 'locked', retryAfter: attempt.expiresAt };
    if (attempt.state === 'expired') return { ok: false, reason: 'expired' };
    if (!PENDING_STATES.includes(attempt.state)) return { ok: false, reason: 'no-pending-code' };
    // A code sent to a changed number updates the person record: only its maintainer may confirm it.
    if (attempt.changedMobile && (companyId === null || target.personCompanyId !== companyId)) {
      return { ok: false, reason: 'not-maintainer' };
    }
    if (attempt.expiresAt <= now) {
      await expireAttempt(deps.db, { attemptId: attempt.id, now });
      return { ok: false, reason: 'expired' };
    }

    if (!codeMatches(deps.secret, attempt.id, request.code, attempt.codeHash)) {
      const after = await countWrongGuess(deps.db, {
        attemptId: attempt.id,
        maxTries: deps.maxTries,
        now,
      });
      if (after?.state === 'locked')
        return { ok: false, reason: 'locked', retryAfter: attempt.expiresAt };
      if (!after || !PENDING_STATES.includes(after.state))
        return { ok: false, reason: 'no-pending-code' };
      return { ok: false, reason: 'wrong-code', triesLeft: deps.maxTries - after.failedTries };
    }

    const verified = await verifyAttempt(deps.db, {
      attemptId: attempt.id,
      now,
      companyId,
      // Rule 5 changes the person record: its audit row is written by the same statement.
      personAudit: attempt.changedMobile
        ? {
            identity: maskIdentity(target.holderIdentityNumber),
            mobile: { old: maskMobile(target.personMobile), new: maskMobile(attempt.mobile) },
          }
        : undefined,
    });
    if (!verified) return { ok: false, reason: 'no-pending-code' };
    // The verification has committed; the old number is told after it (rule 22). However the
    // send goes, the answer is the verification's, past the action's deadline too.
    request.deadline?.commit();
    await sendNumberChangeAlerts(deps, verified.alertIds);
    return {
      ok: true,
      mobile: verified.mobile,
      verifiedAt: now,
      personUpdated: verified.personUpdated,
    };
  }
}
