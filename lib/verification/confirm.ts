import { z } from 'zod';
import {
  findPassWithPerson,
  lockLatestAttempt,
  PENDING_STATES,
  recordVerifiedMobile,
  updateAttempt,
} from '@/db/queries/verification';
import { taipeiDate } from '../dates';
import { maskClient } from '../client-ip';
import { maskMobile } from '../phone';
import { codeMatches } from './codes';
import { consumeLimits } from '../limits';
import { clock, logOf, publicIpLimit, type VerificationDeps } from './deps';
import { codeField, passNumberField, publicConfirmSchema, toFieldErrors, type FieldErrors } from './schema';

export type ConfirmRequest =
  | { channel: 'public'; passNumber: unknown; identityNumber: unknown; mobile: unknown; code: unknown; ip?: string | null }
  | { channel: 'applicant'; companyId: number; passNumber: unknown; code: unknown };

export type ConfirmResult =
  | { ok: true; mobile: string; verifiedAt: Date; personUpdated: boolean }
  | { ok: false; reason: 'invalid-input'; fieldErrors: FieldErrors }
  | { ok: false; reason: 'not-found' }
  | { ok: false; reason: 'expired-pass'; validUntil: string }
  | { ok: false; reason: 'no-pending-code' }
  | { ok: false; reason: 'not-maintainer' }
  | { ok: false; reason: 'wrong-code'; triesLeft: number }
  | { ok: false; reason: 'locked' }
  | { ok: false; reason: 'expired' }
  | { ok: false; reason: 'rate-limited'; retryAfter: Date };

const applicantConfirmSchema = z.object({ passNumber: passNumberField, code: codeField });

/**
 * 送出驗證碼. One transaction holds the attempt's row lock from reading to writing, so concurrent
 * confirms cannot both succeed and concurrent wrong guesses cannot exceed the try limit.
 */
export async function confirmCode(deps: VerificationDeps, request: ConfirmRequest): Promise<ConfirmResult> {
  if (request.channel === 'public' && request.ip) {
    const ipOutcome = await consumeLimits(deps.db, [publicIpLimit(deps, request.ip)], clock(deps));
    if (!ipOutcome.ok) return { ok: false, reason: 'rate-limited', retryAfter: ipOutcome.retryAfter };
  }
  const parsed =
    request.channel === 'public'
      ? publicConfirmSchema.safeParse(request)
      : applicantConfirmSchema.safeParse(request);
  if (!parsed.success) return { ok: false, reason: 'invalid-input', fieldErrors: toFieldErrors(parsed.error) };
  const input = parsed.data as { passNumber: string; code: string; identityNumber?: string; mobile?: string };

  const result = await deps.db.transaction(async (tx): Promise<ConfirmResult> => {
    const row = await findPassWithPerson(tx, {
      passNumber: input.passNumber,
      companyId: request.channel === 'applicant' ? request.companyId : undefined,
    });
    if (!row) return { ok: false, reason: 'not-found' };
    // Rule 1: until the whole triple matches, the public channel answers only "not found", so a
    // stranger cannot learn that a pass number and an identity number belong together.
    if (
      request.channel === 'public' &&
      (row.pass.holderIdentityNumber !== input.identityNumber || row.personMobile !== input.mobile)
    ) {
      return { ok: false, reason: 'not-found' };
    }
    const now = clock(deps);
    if (row.pass.validUntil < taipeiDate(now)) {
      return { ok: false, reason: 'expired-pass', validUntil: row.pass.validUntil };
    }

    const attempt = await lockLatestAttempt(tx, {
      passId: row.pass.id,
      identityNumber: input.identityNumber,
      mobile: input.mobile,
      publicOnly: request.channel === 'public',
    });
    if (!attempt) return { ok: false, reason: 'no-pending-code' };
    if (attempt.state === 'locked') return { ok: false, reason: 'locked' };
    if (attempt.state === 'expired') return { ok: false, reason: 'expired' };
    if (!PENDING_STATES.includes(attempt.state)) return { ok: false, reason: 'no-pending-code' };
    // A code sent to a changed number updates the person record: only its maintainer may confirm it.
    if (attempt.changedMobile && (request.channel !== 'applicant' || row.personCompanyId !== request.companyId)) {
      return { ok: false, reason: 'not-maintainer' };
    }
    if (attempt.expiresAt <= now) {
      await updateAttempt(tx, { attemptId: attempt.id, set: { state: 'expired', resolvedAt: now } });
      return { ok: false, reason: 'expired' };
    }

    if (!codeMatches(deps.secret, attempt.id, input.code, attempt.codeHash)) {
      const failedTries = attempt.failedTries + 1;
      const locked = failedTries >= deps.maxTries;
      await updateAttempt(tx, {
        attemptId: attempt.id,
        set: locked ? { failedTries, state: 'locked', resolvedAt: now } : { failedTries },
      });
      return locked ? { ok: false, reason: 'locked' } : { ok: false, reason: 'wrong-code', triesLeft: deps.maxTries - failedTries };
    }

    await updateAttempt(tx, { attemptId: attempt.id, set: { state: 'verified', resolvedAt: now } });
    await recordVerifiedMobile(tx, {
      passId: row.pass.id,
      identityNumber: attempt.identityNumber,
      mobile: attempt.mobile,
      at: now,
      updatePerson: attempt.changedMobile,
      personCompanyId: request.channel === 'applicant' ? request.companyId : -1,
    });
    return { ok: true, mobile: attempt.mobile, verifiedAt: now, personUpdated: attempt.changedMobile };
  });

  if (result.ok) logOf(deps).info({ pass: input.passNumber, to: maskMobile(result.mobile) }, 'phone verified');
  if (!result.ok && result.reason === 'locked') {
    const client = request.channel === 'public' ? maskClient(request.ip) : `company:${request.companyId}`;
    logOf(deps).warn({ pass: input.passNumber, channel: request.channel, client }, 'verification code locked');
  }
  return result;
}
