import type { Db } from '@/db/client';
import {
  accountLoginsByIds,
  holdersForAudit,
  listAlertsForAudit,
  listAttemptsForAudit,
  listPersonAudit,
  type AuditTarget,
} from '@/db/queries/console';
import type { AttemptChannel, AttemptState, NumberChangeAlertState } from '@/db/schema';
import { maskClient } from '../web/client-ip';
import {
  isIdentityShape,
  maskIdentity,
  normaliseIdentity,
  normalisePassNumber,
} from '../values/identity';
import { maskMobile, normaliseMobile } from '../values/phone';

/** What the operator typed: a mobile, an identity number, else a pass number. */
export function auditTargetOf(query: string): AuditTarget {
  const mobile = normaliseMobile(query);
  if (mobile) return { kind: 'mobile', mobile };
  const identity = normaliseIdentity(query);
  if (isIdentityShape(identity)) return { kind: 'identity', identityNumber: identity };
  return { kind: 'pass', passNumber: normalisePassNumber(query) };
}

/** Rows the audit page and its CSV show; at most this many attempts. */
export const AUDIT_LIMIT = 1000;

/** One SMS in the audit: a code's attempt, or a number-change alert (rule 22). */
export interface AuditSms {
  kind: 'code' | 'alert';
  id: string;
  sentAt: Date;
  channel: AttemptChannel;
  passNumber: string;
  identity: string;
  company: string;
  account: string;
  mobile: string;
  /** An attempt's state, or 'alert-' and the alert's (console.states has both). */
  state: AttemptState | `alert-${NumberChangeAlertState}`;
  failedTries: number;
  providerMessageId: string;
  failure: string;
  client: string;
}

/**
 * The audit of a pass, a holder or a mobile: every attempt (masked mobile and client), every
 * number-change alert, and every change to the holders' person records. Values are masked as
 * stored in the audit log.
 */
export async function loadAudit(db: Db, input: { query: string }) {
  const target = auditTargetOf(input.query);
  const [attempts, alerts, holders] = await Promise.all([
    listAttemptsForAudit(db, { target, limit: AUDIT_LIMIT }),
    listAlertsForAudit(db, { target, limit: AUDIT_LIMIT }),
    holdersForAudit(db, { target }),
  ]);
  const identities = [
    ...new Set([
      ...holders,
      ...attempts.map((a) => a.identityNumber),
      ...alerts.map((a) => a.identityNumber),
    ]),
  ];
  const changes = await listPersonAudit(db, { identityNumbers: identities });
  // 'account:<id>' actors shown as the applicant's login and company.
  const accountIds = changes
    .map((c) => /^account:(\d+)$/.exec(c.actor)?.[1])
    .filter((id): id is string => Boolean(id))
    .map(Number);
  const logins = await accountLoginsByIds(db, { ids: [...new Set(accountIds)] });
  const codes: AuditSms[] = attempts.map((a) => ({
    kind: 'code',
    id: a.id,
    sentAt: a.sentAt,
    channel: a.channel,
    passNumber: a.passNumber,
    identity: maskIdentity(a.identityNumber),
    company: `${a.companyTaxId} ${a.companyName}`,
    account: a.accountLogin ?? '',
    mobile: maskMobile(a.mobile),
    state: a.state,
    failedTries: a.failedTries,
    providerMessageId: a.providerMessageId ?? '',
    failure: a.providerError?.split(':')[0] ?? '',
    client: maskClient(a.requesterIp),
  }));
  // Number-change alerts (rule 22) are SMS too: listed with the codes, the company and account
  // that changed the number, the masked number told, and a state of their own.
  const told: AuditSms[] = alerts.map((a) => ({
    kind: 'alert',
    id: a.id,
    sentAt: a.createdAt,
    channel: a.cause === 'public-confirm' ? 'public' : 'applicant',
    passNumber: a.passNumber,
    identity: maskIdentity(a.identityNumber),
    company: `${a.companyTaxId} ${a.companyName}`,
    account: a.accountLogin ?? '',
    mobile: maskMobile(a.toMobile),
    state: `alert-${a.state}`,
    failedTries: 0,
    providerMessageId: a.providerMessageId ?? '',
    failure: a.providerError?.split(':')[0] ?? '',
    client: '',
  }));
  return {
    target,
    attempts: [...codes, ...told]
      .sort((x, y) => y.sentAt.getTime() - x.sentAt.getTime())
      .slice(0, AUDIT_LIMIT),
    changes: changes.map((c) => ({
      at: c.at,
      actor: actorName(c.actor, logins),
      action: c.action,
      subject: c.subject,
      identity: String(c.details?.identity ?? ''),
      fields: changedFields(c.details ?? {}),
    })),
  };
}

/** The actor as people know it: an applicant's login and company, else as recorded. */
function actorName(actor: string, logins: Map<number, string>): string {
  const id = /^account:(\d+)$/.exec(actor)?.[1];
  return (id && logins.get(Number(id))) || actor;
}

export interface FieldChange {
  field: string;
  old: string;
  new: string;
}

/** The fields an audit row changed, old → new (values were masked when written). */
function changedFields(details: Record<string, unknown>): FieldChange[] {
  const out: FieldChange[] = [];
  for (const [field, value] of Object.entries(details)) {
    if (!value || typeof value !== 'object' || !('old' in value) || !('new' in value)) continue;
    const v = value as { old: unknown; new: unknown };
    const before = String(v.old ?? '');
    const after = String(v.new ?? '');
    if (before !== after) out.push({ field, old: before || '—', new: after || '—' });
  }
  // A transfer records companies, not fields.
  if ('fromCompanyId' in details)
    out.push({
      field: 'company',
      old: String(details.fromCompanyId),
      new: String(details.toCompanyId),
    });
  return out;
}
