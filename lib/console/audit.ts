import type { Db } from '@/db/client';
import {
  accountLoginsByIds,
  holdersForAudit,
  listAttemptsForAudit,
  listPersonAudit,
  type AuditTarget,
} from '@/db/queries/console';
import { maskClient } from '../client-ip';
import { isIdentityShape, maskIdentity, normaliseIdentity, normalisePassNumber } from '../identity';
import { maskMobile, normaliseMobile } from '../phone';

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

/**
 * The audit of a pass, a holder or a mobile: every attempt (masked mobile and client) and every
 * change to the holders' person records. Values are masked as stored in the audit log.
 */
export async function loadAudit(db: Db, input: { query: string }) {
  const target = auditTargetOf(input.query);
  const [attempts, holders] = await Promise.all([
    listAttemptsForAudit(db, { target, limit: AUDIT_LIMIT }),
    holdersForAudit(db, { target }),
  ]);
  const identities = [...new Set([...holders, ...attempts.map((a) => a.identityNumber)])];
  const changes = await listPersonAudit(db, { identityNumbers: identities });
  // 'account:<id>' actors shown as the applicant's login and company.
  const accountIds = changes
    .map((c) => /^account:(\d+)$/.exec(c.actor)?.[1])
    .filter((id): id is string => Boolean(id))
    .map(Number);
  const logins = await accountLoginsByIds(db, { ids: [...new Set(accountIds)] });
  return {
    target,
    attempts: attempts.map((a) => ({
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
    })),
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

/** A change as one line of text (the CSV's). */
export const describeFields = (fields: FieldChange[]) =>
  fields.map((f) => `${f.field}: ${f.old} → ${f.new}`).join('; ');
