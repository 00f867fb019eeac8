import type { CancelResult } from './cancel';
import type { ConfirmResult } from './confirm';
import type { IssueResult } from './issue';

/** The exact refusal of manual 補充說明 for any mismatch on the public channel (zh-TW). */
export const NOT_FOUND_MESSAGE = '查無人員通行證或手機資料,無法取得驗證碼!';

type Refusal = Exclude<IssueResult | ConfirmResult | CancelResult, { ok: true }>;

export interface Formatters {
  day(day: string): string;
  dateTime(at: Date): string;
}

/** The translation key and values of the sentence a person reads for each refusal of the engine. */
export function refusalMessage(
  result: Refusal,
  channel: 'public' | 'applicant',
  fmt: Formatters,
): { key: string; values?: Record<string, string | number> } {
  switch (result.reason) {
    case 'not-found':
      return { key: channel === 'public' ? 'refusal.notFound' : 'refusal.notFoundApplicant' };
    case 'expired-pass':
      return { key: 'refusal.expiredPass', values: { validUntil: fmt.day(result.validUntil) } };
    case 'no-person-record':
      return { key: 'refusal.noPersonRecord' };
    case 'not-maintainer':
      return { key: 'refusal.notMaintainer' };
    case 'already-sent':
      // Say what is true of the code already sent: usable, used (verified), or dead.
      return {
        key: {
          usable: 'refusal.alreadySent',
          used: 'refusal.alreadyVerified',
          dead: 'refusal.codeDead',
        }[result.code],
        values: { retryAfter: fmt.dateTime(result.retryAfter) },
      };
    case 'rate-limited':
      return {
        key: 'refusal.rateLimited',
        values: { retryAfter: fmt.dateTime(result.retryAfter) },
      };
    case 'send-failed':
      return {
        key: result.kind === 'rejected' ? 'refusal.sendFailedRejected' : 'refusal.sendFailed',
      };
    case 'no-pending-code':
      return { key: 'refusal.noPendingCode' };
    case 'wrong-code':
      return { key: 'refusal.wrongCode', values: { triesLeft: result.triesLeft } };
    case 'locked':
      return { key: 'refusal.locked', values: { retryAfter: fmt.dateTime(result.retryAfter) } };
    case 'expired':
      return { key: 'refusal.expired' };
  }
}

/** Manual 補充說明: what to check when the public lookup finds nothing (translation keys). */
export const NOT_FOUND_CHECKLIST = ['verify.check1', 'verify.check2', 'verify.check3'] as const;
