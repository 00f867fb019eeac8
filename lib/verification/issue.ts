import crypto from 'node:crypto';
import {
  findWindowEnd,
  recordSendFailed,
  recordSent,
  reserveIssue,
  type IssueReservation,
  type IssueVerdict,
} from '@/db/queries/verification';
import { taipeiDate } from '../values/dates';
import { NO_DEADLINE, type DeadlineScope } from '../web/deadline';
import { maskIdentity } from '../values/identity';
import { HOUR_MS, dayEnd, dayStart } from '../domain/limits';
import { maskMobile } from '../values/phone';
import { buildVerificationMessage, type SmsLocale } from '../sms/message';
import type { SmsFailureKind, SmsResult } from '../sms/transport';
import { generateCode, hashCode } from './codes';
import { clock, logOf, publicClientHit, type EngineDeps } from './deps';
import type { ApplicantIssueInput, PublicIssueInput } from '../schemas/verification';

/** A request to send a code, its fields parsed by the form's schema (lib/schemas/verification.ts). */
export type IssueRequest = (
  | ({ channel: 'public'; ip: string | null } & PublicIssueInput)
  | ({ channel: 'applicant'; accountId: number; companyId: number } & ApplicantIssueInput)
) & {
  /** The action's deadline (lib/web/deadline.ts); none for the bench and the engine's tests. */
  deadline?: DeadlineScope;
  locale?: SmsLocale;
};

export type IssueResult =
  | { ok: true; attemptId: string; expiresAt: Date; maskedMobile: string }
  | { ok: false; reason: 'not-found' }
  | { ok: false; reason: 'expired-pass'; validUntil: string }
  | { ok: false; reason: 'no-person-record' }
  | { ok: false; reason: 'not-maintainer' }
  | {
      ok: false;
      reason: 'already-sent';
      retryAfter: Date;
      /** The window's code: still usable, already used (the pass verified), or dead (locked). */
      code: 'usable' | 'used' | 'dead';
    }
  | { ok: false; reason: 'rate-limited'; retryAfter: Date }
  | { ok: false; reason: 'send-failed'; kind: SmsFailureKind };

/** The abuse limit a reservation's verdict names, for the observer. */
const LIMIT_OF: Partial<
  Record<IssueReservation['verdict'], 'client-hour' | 'pass-day' | 'company-day'>
> = {
  'client-limit': 'client-hour',
  'pass-day-limit': 'pass-day',
  'company-day-limit': 'company-day',
};

/** The refusal a reservation's verdict stands for (manual 說明 1 and 2, 提醒 1 and 4, and the limits). */
async function refusalOf(
  deps: EngineDeps,
  verdict: Exclude<IssueVerdict, 'ok'>,
  reservation: IssueReservation,
  now: Date,
  expiresAt: Date,
): Promise<Exclude<IssueResult, { ok: true }>> {
  switch (verdict) {
    case 'client-limit':
      return {
        ok: false,
        reason: 'rate-limited',
        retryAfter: reservation.clientRetryAfter ?? new Date(now.getTime() + HOUR_MS),
      };
    case 'pass-day-limit':
    case 'company-day-limit':
      return { ok: false, reason: 'rate-limited', retryAfter: dayEnd(now) };
    case 'not-found':
    case 'no-person-record':
    case 'not-maintainer':
      return { ok: false, reason: verdict };
    case 'expired-pass':
      return { ok: false, reason: 'expired-pass', validUntil: reservation.validUntil! };
    case 'already-sent': {
      // Every rule allowed it, but the triple's 24-hour window is still open: say until when,
      // and what is true of the code already out.
      const window = await findWindowEnd(deps.db, {
        passId: reservation.passId!,
        identityNumber: reservation.identityNumber!,
        mobile: reservation.targetMobile!,
      });
      const state = window?.attemptState;
      return {
        ok: false,
        reason: 'already-sent',
        retryAfter: window?.openUntil ?? expiresAt,
        code: state === 'verified' ? 'used' : state === 'locked' ? 'dead' : 'usable',
      };
    }
  }
}

/**
 * 取得驗證碼. Order, so that a crash never sends two SMS for one triple:
 * 1. one statement reserves the triple's 24-hour window and records the attempt ('sending');
 * 2. the SMS is published, outside any transaction;
 * 3. one statement records the outcome: 'sent' (older codes superseded), or 'send-failed' and the
 *    window freed.
 * A crash between 1 and 3 leaves the window taken: at most one SMS, never two.
 */
export async function issueCode(deps: EngineDeps, request: IssueRequest): Promise<IssueResult> {
  deps.observe?.({ type: 'requested', channel: request.channel });
  const now = clock(deps);
  const attemptId = crypto.randomUUID();
  const code = generateCode();
  const expiresAt = new Date(now.getTime() + deps.codeTtlHours * 3_600_000);

  const reservation = await reserveIssue(deps.db, {
    channel: request.channel,
    passNumber: request.passNumber,
    ...(request.channel === 'public'
      ? {
          identityNumber: request.identityNumber,
          mobile: request.mobile,
          changedMobile: null,
          companyId: null,
          accountId: null,
          clientHit: publicClientHit(deps, request.ip),
        }
      : {
          identityNumber: null,
          mobile: null,
          changedMobile: request.changedMobile,
          companyId: request.companyId,
          accountId: request.accountId,
          clientHit: null,
        }),
    attemptId,
    codeHash: hashCode(deps.secret, attemptId, code),
    now,
    expiresAt,
    today: taipeiDate(now),
    dayStart: dayStart(now),
    sendsPerPassDay: deps.limits.sendsPerPassDay,
    sendsPerCompanyDay: deps.limits.sendsPerCompanyDay,
    requesterIp: request.channel === 'public' ? (request.ip?.slice(0, 64) ?? null) : null,
    locale: request.locale ?? 'zh-TW',
  });
  const { verdict } = reservation;
  if (verdict !== 'ok') {
    const refusal = await refusalOf(deps, verdict, reservation, now, expiresAt);
    const limit = LIMIT_OF[verdict] ?? (verdict === 'already-sent' ? 'triple-24h' : null);
    if (limit) deps.observe?.({ type: 'refused', channel: request.channel, limit });
    return refusal;
  }
  const to = reservation.targetMobile!;

  const body = buildVerificationMessage({
    code,
    hours: deps.codeTtlHours,
    locale: request.locale,
    host: deps.webOtpHost,
  });
  const deadline = request.deadline ?? NO_DEADLINE;
  const started = performance.now();
  // Cancelled before the SMS was handed over: it is never sent (the window is freed below).
  const sent: SmsResult = deadline.signal.aborted
    ? { ok: false, kind: 'timeout', detail: 'cancelled by the deadline' }
    : await deadline.publish(
        () => deps.sms.send({ to, body, signal: deadline.signal }),
        (result) => result.ok,
      );
  const seconds = (performance.now() - started) / 1000;
  deps.observe?.(
    sent.ok
      ? { type: 'sent', channel: request.channel, seconds }
      : { type: 'send-failed', channel: request.channel, kind: sent.kind, seconds },
  );
  const log = {
    attemptId,
    to: maskMobile(to),
    id: maskIdentity(reservation.identityNumber),
    channel: request.channel,
  };

  if (!sent.ok) {
    // A send the provider did not take does not use up the window (docs/PRODUCT.md, rule 2).
    await recordSendFailed(deps.db, {
      attemptId,
      error: `${sent.kind}: ${sent.detail}`,
      now: clock(deps),
    });
    logOf(deps).warn({ ...log, kind: sent.kind }, 'verification SMS not sent');
    return { ok: false, reason: 'send-failed', kind: sent.kind };
  }
  // The SMS is out: the answer is "sent" whatever happens to its record. A record the database
  // refused now is retried until it lands (a code still 'sending' can be confirmed meanwhile).
  const record = { attemptId, sentAt: now, providerMessageId: sent.messageId };
  await recordSent(deps.db, record).catch((error: unknown) => {
    logOf(deps).warn({ ...log, err: (error as Error)?.name }, 'sent, record retried later');
    retryRecordSent(deps, record);
  });
  logOf(deps).info(log, 'verification code sent');
  return { ok: true, attemptId, expiresAt, maskedMobile: maskMobile(to) };
}

/** Retries the record of a sent SMS with growing pauses, for up to about half an hour. */
function retryRecordSent(
  deps: EngineDeps,
  record: { attemptId: string; sentAt: Date; providerMessageId: string },
  attempt = 1,
) {
  if (attempt > 12) return; // left to settleStaleSending at the next start
  const pause = Math.min(1000 * 2 ** attempt, 5 * 60_000);
  setTimeout(() => {
    recordSent(deps.db, record).catch(() => retryRecordSent(deps, record, attempt + 1));
  }, pause).unref();
}
