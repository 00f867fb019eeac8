import {
  CANCELLABLE_STATES,
  lockLatestAttempt,
  releaseSendWindow,
  updateAttempt,
} from '@/db/queries/verification';
import { findPass } from '@/db/queries/passes';
import { clock, type EngineDeps } from './deps';
import type { CancelInput } from '../schemas/verification';

export type CancelResult =
  { ok: true } | { ok: false; reason: 'not-found' } | { ok: false; reason: 'no-pending-code' };

/**
 * A lost SMS must not strand a holder for a day: the applicant cancels the pass's pending or
 * locked code (the reason stays in the history), which frees that triple's window. A stranger who
 * locks a code with five wrong guesses cannot so block a holder for the day; the per-pass daily
 * send limit still counts every send.
 */
export async function cancelPendingCode(
  deps: EngineDeps,
  request: { companyId: number; accountId: number } & CancelInput,
): Promise<CancelResult> {
  return deps.db.transaction(async (tx): Promise<CancelResult> => {
    const pass = await findPass(tx, {
      passNumber: request.passNumber,
      companyId: request.companyId,
    });
    if (!pass) return { ok: false, reason: 'not-found' };
    const attempt = await lockLatestAttempt(tx, { passId: pass.id });
    if (!attempt || !CANCELLABLE_STATES.includes(attempt.state))
      return { ok: false, reason: 'no-pending-code' };
    const now = clock(deps);
    await updateAttempt(tx, {
      attemptId: attempt.id,
      set: {
        state: 'cancelled',
        cancelReason: request.reason,
        cancelledBy: request.accountId,
        resolvedAt: now,
      },
    });
    await releaseSendWindow(tx, { attemptId: attempt.id, now });
    return { ok: true };
  });
}
