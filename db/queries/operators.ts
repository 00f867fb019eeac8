import 'server-only';
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Executor } from '../client';
import { accounts, operators } from '../schema';
import { endSessionsOf } from './sessions';

/** Whether a login name is taken by an applicant account or an operator: one sign-in page for both. */
export async function isLoginTaken(db: Executor, input: { login: string }): Promise<boolean> {
  // One after the other: inside a transaction the embedded driver runs one query at a time.
  const account = await db
    .select({ id: accounts.id })
    .from(accounts)
    .where(eq(accounts.login, input.login))
    .limit(1);
  if (account.length > 0) return true;
  const operator = await db
    .select({ id: operators.id })
    .from(operators)
    .where(eq(operators.login, input.login))
    .limit(1);
  return operator.length > 0;
}

export async function insertOperator(
  db: Executor,
  input: { login: string; passwordHash: string; displayName: string },
): Promise<number | null> {
  const rows = await db
    .insert(operators)
    .values(input)
    .onConflictDoNothing()
    .returning({ id: operators.id });
  return rows[0]?.id ?? null;
}

export async function findOperatorByLogin(db: Executor, input: { login: string }) {
  const rows = await db.select().from(operators).where(eq(operators.login, input.login)).limit(1);
  return rows[0] ?? null;
}

export async function listOperators(db: Executor) {
  return db
    .select({
      login: operators.login,
      displayName: operators.displayName,
      enrolledAt: operators.totpEnrolledAt,
      disabledAt: operators.disabledAt,
    })
    .from(operators)
    .orderBy(asc(operators.login));
}

/** The operator can no longer sign in; every session ends in the same transaction. */
export async function disableOperator(db: Executor, input: { login: string }) {
  const rows = await db
    .update(operators)
    .set({ disabledAt: new Date() })
    .where(and(eq(operators.login, input.login), isNull(operators.disabledAt)))
    .returning({ id: operators.id });
  const id = rows[0]?.id;
  if (id !== undefined) await endSessionsOf(db, { operatorId: id });
  return id ?? null;
}
