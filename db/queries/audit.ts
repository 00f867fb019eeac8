import 'server-only';
import { asc, eq } from 'drizzle-orm';
import type { Executor } from '../client';
import { auditLog } from '../schema';

// Who did it, as the audit log names them (audit_log.actor). The verification statement that
// updates a person record writes its row in SQL with the same 'account:' form.

/** An operator at the console. */
export const consoleActor = (login: string) => `console:${login}`;

/** An operator at the command line, by the system user who ran it. */
export const cliActor = (systemUser: string) => `operator:${systemUser}`;

/** An applicant account, by id (its 人員資料 edits, its second factor). */
export const accountActor = (accountId: number) => `account:${accountId}`;

/** Writes an audit row; call it in the transaction of the change it records. */
export async function insertAudit(
  db: Executor,
  input: { actor: string; action: string; subject: string; details?: Record<string, unknown> },
) {
  await db.insert(auditLog).values(input);
}

export async function listAuditForSubject(db: Executor, input: { subject: string }) {
  return db
    .select()
    .from(auditLog)
    .where(eq(auditLog.subject, input.subject))
    .orderBy(asc(auditLog.at), asc(auditLog.id));
}
