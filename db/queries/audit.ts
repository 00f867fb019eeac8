import 'server-only';
import { asc, eq } from 'drizzle-orm';
import type { Executor } from '../client';
import { auditLog } from '../schema';

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
