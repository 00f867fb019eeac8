import crypto from 'node:crypto';
import {
  findPassWithPerson,
  findSendWindow,
  insertAttempt,
  markAttemptSendFailed,
  markAttemptSent,
  releaseSendWindow,
  reserveSendWindow,
} from '@/db/queries/verification';
import { taipeiDate } from '../dates';
import { maskMobile } from '../phone';
import { maskIdentity } from '../identity';
import { buildVerificationMessage, type SmsLocale } from '../sms/message';
import type { SmsFailureKind } from '../sms/transport';
import { generateCode, hashCode } from './codes';
import { consumeLimits } from '../limits';
import { clock, logOf, publicIpLimit, sendLimits, type VerificationDeps } from './deps';
import { optionalMobileField, passNumberField, publicIssueSchema, toFieldErrors, type FieldErrors } from './schema';
import { z } from 'zod';

export type IssueRequest =
  | {
      channel: 'public';
      passNumber: unknown;
      identityNumber: unknown;
      mobile: unknown;
      ip?: string | null;
      locale?: SmsLocale;
    }
  | {
      channel: 'applicant';
      accountId: number;
      companyId: number;
      passNumber: unknown;
      /** 修改手機號碼: empty means 預設手機號碼. */
      changedMobile?: unknown;
      ip?: string | null;
      locale?: SmsLocale;
    };

export type IssueResult =
  | { ok: true; attemptId: string; expiresAt: Date; maskedMobile: string }
  | { ok: false; reason: 'invalid-input'; fieldErrors: FieldErrors }
  | { ok: false; reason: 'not-found' }
  | { ok: false; reason: 'expired-pass'; validUntil: string }
  | { ok: false; reason: 'no-person-record' }
  | { ok: false; reason: 'not-maintainer' }
  | { ok: false; reason: 'already-sent'; retryAfter: Date }
  | { ok: false; reason: 'rate-limited'; retryAfter: Date }
  | { ok: false; reason: 'send-failed'; kind: SmsFailureKind };

const applicantIssueSchema = z.object({ passNumber: passNumberField, changedMobile: optionalMobileField });

class LimitReached extends Error {
  constructor(readonly retryAfter: Date) {
    super('limit reached');
  }
}

interface Target {
  passId: number;
  /** Whose daily send budget this uses: the pass's company (public) or the acting company. */
  budgetCompanyId: number;
  identityNumber: string;
  mobile: string;
  changedMobile: boolean;
}

/** Resolves who gets the code, by the channel's rules (manual 說明 1, 提醒 1 and 4). */
async function resolveTarget(
  deps: VerificationDeps,
  request: IssueRequest,
): Promise<{ ok: true; target: Target; validUntil: string } | Exclude<IssueResult, { ok: true }>> {
  if (request.channel === 'public') {
    const parsed = publicIssueSchema.safeParse(request);
    if (!parsed.success) return { ok: false, reason: 'invalid-input', fieldErrors: toFieldErrors(parsed.error) };
    const { passNumber, identityNumber, mobile } = parsed.data;
    const row = await findPassWithPerson(deps.db, { passNumber });
    // Rule 1: pass, holder and the person record's mobile must all match; no hint which did not.
    if (!row || row.pass.holderIdentityNumber !== identityNumber || row.personMobile !== mobile) {
      return { ok: false, reason: 'not-found' };
    }
    return {
      ok: true,
      target: { passId: row.pass.id, budgetCompanyId: row.pass.companyId, identityNumber, mobile, changedMobile: false },
      validUntil: row.pass.validUntil,
    };
  }
  const parsed = applicantIssueSchema.safeParse({
    passNumber: request.passNumber,
    changedMobile: request.changedMobile ?? '',
  });
  if (!parsed.success) return { ok: false, reason: 'invalid-input', fieldErrors: toFieldErrors(parsed.error) };
  const row = await findPassWithPerson(deps.db, { passNumber: parsed.data.passNumber, companyId: request.companyId });
  if (!row) return { ok: false, reason: 'not-found' };
  // Rule 6: with 預設手機號碼 empty, the person record must be added first.
  if (!row.personId || !row.personMobile) return { ok: false, reason: 'no-person-record' };
  const mobile = parsed.data.changedMobile ?? row.personMobile;
  // 修改手機號碼 changes the person record on success (rule 5): only its maintaining company may.
  if (mobile !== row.personMobile && row.personCompanyId !== request.companyId) {
    return { ok: false, reason: 'not-maintainer' };
  }
  return {
    ok: true,
    target: {
      passId: row.pass.id,
      budgetCompanyId: request.companyId,
      identityNumber: row.pass.holderIdentityNumber,
      mobile,
      changedMobile: mobile !== row.personMobile,
    },
    validUntil: row.pass.validUntil,
  };
}

/**
 * 取得驗證碼. Order, so that a crash never sends two SMS for one triple:
 * 1. one transaction reserves the triple's 24-hour window and records the attempt ('sending');
 * 2. the SMS is published, outside any transaction;
 * 3. the outcome is recorded: 'sent' (older codes superseded), or 'send-failed' and the window freed.
 * A crash between 1 and 3 leaves the window taken: at most one SMS, never two.
 */
export async function issueCode(deps: VerificationDeps, request: IssueRequest): Promise<IssueResult> {
  if (request.channel === 'public' && request.ip) {
    const ipOutcome = await consumeLimits(deps.db, [publicIpLimit(deps, request.ip)], clock(deps));
    if (!ipOutcome.ok) return { ok: false, reason: 'rate-limited', retryAfter: ipOutcome.retryAfter };
  }
  const resolved = await resolveTarget(deps, request);
  if (!resolved.ok) return resolved;
  const { target } = resolved;
  const now = clock(deps);
  if (resolved.validUntil < taipeiDate(now)) {
    return { ok: false, reason: 'expired-pass', validUntil: resolved.validUntil };
  }

  const attemptId = crypto.randomUUID();
  const code = generateCode();
  const expiresAt = new Date(now.getTime() + deps.codeTtlHours * 3_600_000);

  const reservation = await deps.db
    .transaction(async (tx) => {
      const won = await reserveSendWindow(tx, { ...target, attemptId, openUntil: expiresAt, now });
      if (!won) return { ok: false as const, reason: 'already-sent' as const };
      const budget = await consumeLimits(tx, sendLimits(deps, target.passId, target.budgetCompanyId), now);
      // Roll the reservation back: a refused send must neither take the window nor count.
      if (!budget.ok) throw new LimitReached(budget.retryAfter);
      await insertAttempt(tx, {
      id: attemptId,
      passId: target.passId,
      identityNumber: target.identityNumber,
      mobile: target.mobile,
      channel: request.channel,
      accountId: request.channel === 'applicant' ? request.accountId : null,
      changedMobile: target.changedMobile,
      codeHash: hashCode(deps.secret, attemptId, code),
      state: 'sending',
      sentAt: now,
      expiresAt,
      requesterIp: request.ip?.slice(0, 64) ?? null,
      locale: request.locale ?? 'zh-TW',
      });
      return { ok: true as const };
    })
    .catch((error: unknown) => {
      if (error instanceof LimitReached) return { ok: false as const, reason: 'rate-limited' as const, retryAfter: error.retryAfter };
      throw error;
    });
  if (!reservation.ok) {
    if (reservation.reason === 'rate-limited') return reservation;
    const window = await findSendWindow(deps.db, target);
    return { ok: false, reason: 'already-sent', retryAfter: window?.openUntil ?? expiresAt };
  }

  const body = buildVerificationMessage({
    code,
    hours: deps.codeTtlHours,
    locale: request.locale,
    host: deps.webOtpHost,
  });
  const sent = await deps.sms.send({ to: target.mobile, body });
  const log = { attemptId, to: maskMobile(target.mobile), id: maskIdentity(target.identityNumber), channel: request.channel };

  if (!sent.ok) {
    // A send the provider did not take does not use up the window (SPEC rule 2).
    await deps.db.transaction(async (tx) => {
      const failed = await markAttemptSendFailed(tx, { attemptId, error: `${sent.kind}: ${sent.detail}`, now: clock(deps) });
      if (failed) await releaseSendWindow(tx, { attemptId, now: clock(deps) });
    });
    logOf(deps).warn({ ...log, kind: sent.kind }, 'verification SMS not sent');
    return { ok: false, reason: 'send-failed', kind: sent.kind };
  }
  await deps.db.transaction(async (tx) => {
    await markAttemptSent(tx, { attemptId, passId: target.passId, sentAt: now, providerMessageId: sent.messageId });
  });
  logOf(deps).info(log, 'verification code sent');
  return { ok: true, attemptId, expiresAt, maskedMobile: maskMobile(target.mobile) };
}
