import 'server-only';
import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Executor } from '../client';
import { accounts, companies, sessions } from '../schema';

/** An account with its company, by login name, for sign-in. */
export async function findAccountForSignIn(db: Executor, input: { login: string }) {
  const rows = await db
    .select({
      id: accounts.id,
      login: accounts.login,
      passwordHash: accounts.passwordHash,
      displayName: accounts.displayName,
      disabledAt: accounts.disabledAt,
      companyId: companies.id,
      companyName: companies.name,
    })
    .from(accounts)
    .innerJoin(companies, eq(companies.id, accounts.companyId))
    .where(eq(accounts.login, input.login))
    .limit(1);
  return rows[0] ?? null;
}

/** A new session from sign-in; it ends at `expiresAt` however active it is. */
export async function insertSession(
  db: Executor,
  input: { id: string; accountId: number; expiresAt: Date },
) {
  await db.insert(sessions).values(input);
}

/**
 * Whether a session may still act: not ended, not past its absolute lifetime, and its account
 * not disabled. One query per request.
 */
export async function isSessionLive(
  db: Executor,
  input: { sessionId: string; accountId: number; now: Date },
): Promise<boolean> {
  const rows = await db
    .select({ id: sessions.id })
    .from(sessions)
    .innerJoin(accounts, eq(accounts.id, sessions.accountId))
    .where(
      and(
        eq(sessions.id, input.sessionId),
        eq(sessions.accountId, input.accountId),
        isNull(sessions.endedAt),
        gt(sessions.expiresAt, input.now),
        isNull(accounts.disabledAt),
      ),
    )
    .limit(1);
  return rows.length === 1;
}

/** Sign-out: this session ends server-side, so a copied cookie stops working. */
export async function endSession(db: Executor, input: { sessionId: string }) {
  await db
    .update(sessions)
    .set({ endedAt: new Date() })
    .where(and(eq(sessions.id, input.sessionId), isNull(sessions.endedAt)));
}

/** Password reset, disabling: every session of the account ends. */
export async function endSessionsOfAccount(db: Executor, input: { accountId: number }) {
  await db
    .update(sessions)
    .set({ endedAt: new Date() })
    .where(and(eq(sessions.accountId, input.accountId), isNull(sessions.endedAt)));
}
