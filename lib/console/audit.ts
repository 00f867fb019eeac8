import type { Db } from '@/db/client';
import {
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
      actor: c.actor,
      action: c.action,
      subject: c.subject,
      change: describeChange(c.details ?? {}),
    })),
  };
}

/** An audit row's details as "field: old → new" (values were masked when written). */
function describeChange(details: Record<string, unknown>): string {
  return Object.entries(details)
    .map(([field, value]) => {
      if (value && typeof value === 'object' && 'old' in value && 'new' in value) {
        const v = value as { old: unknown; new: unknown };
        return `${field}: ${String(v.old ?? '—')} → ${String(v.new ?? '—')}`;
      }
      return `${field}: ${String(value)}`;
    })
    .join('; ');
}
