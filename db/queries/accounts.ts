import 'server-only';
import { and, eq, gt, isNull, ne, sql } from 'drizzle-orm';
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
      /** The password alone does not open the dashboard: a code, or enrolment, comes next. */
      needsSecondFactor: sql<boolean>`(${accounts.totpEnrolledAt} is not null or ${companies.secondFactorRequired})`,
    })
    .from(accounts)
    .innerJoin(companies, eq(companies.id, accounts.companyId))
    .where(eq(accounts.login, input.login))
    .limit(1);
  return rows[0] ?? null;
}

/**
 * A new session from sign-in; it ends at `expiresAt` however active it is. `pending`: the
 * password only, waiting for the second factor (lib/auth/second-factor.ts).
 */
export async function insertSession(
  db: Executor,
  input: { id: string; accountId: number; expiresAt: Date; pending?: boolean },
) {
  await db.insert(sessions).values(input);
}

/**
 * A session that may still act — not ended, not past its absolute lifetime, its account not
 * disabled — and whether it is only pending its second factor, and whether the account has one.
 * One query per request. A full session of an account its company now requires a factor of,
 * without one, is no session: the account enrols at its next sign-in and does nothing before.
 */
export async function findLiveSession(
  db: Executor,
  input: { sessionId: string; accountId: number; now: Date },
) {
  const enrolled = sql<boolean>`${accounts.totpEnrolledAt} is not null`;
  const rows = await db
    .select({ pending: sessions.pending, enrolled })
    .from(sessions)
    .innerJoin(accounts, eq(accounts.id, sessions.accountId))
    .innerJoin(companies, eq(companies.id, accounts.companyId))
    .where(
      and(
        eq(sessions.id, input.sessionId),
        eq(sessions.accountId, input.accountId),
        isNull(sessions.endedAt),
        gt(sessions.expiresAt, input.now),
        isNull(accounts.disabledAt),
        sql`(${sessions.pending} or ${enrolled} or not ${companies.secondFactorRequired})`,
      ),
    )
    .limit(1);
  return rows[0] ?? null;
}

/** Whether a session may still act (pending its second factor or not). */
export async function isSessionLive(
  db: Executor,
  input: { sessionId: string; accountId: number; now: Date },
): Promise<boolean> {
  return (await findLiveSession(db, input)) !== null;
}

/** Sign-out: this session ends server-side, so a copied cookie stops working. */
export async function endSession(db: Executor, input: { sessionId: string }) {
  await db
    .update(sessions)
    .set({ endedAt: new Date() })
    .where(and(eq(sessions.id, input.sessionId), isNull(sessions.endedAt)));
}

/**
 * Password reset, disabling, a second factor reset: every session of the account ends; with
 * `except`, all but that one (the browser that just enrolled a second factor).
 */
export async function endSessionsOfAccount(
  db: Executor,
  input: { accountId: number; except?: string },
) {
  await db
    .update(sessions)
    .set({ endedAt: new Date() })
    .where(
      and(
        eq(sessions.accountId, input.accountId),
        isNull(sessions.endedAt),
        input.except ? ne(sessions.id, input.except) : undefined,
      ),
    );
}

/** Whether the company requires a second factor of its accounts. */
export async function findCompanySecondFactorRequired(
  db: Executor,
  input: { companyId: number },
): Promise<boolean> {
  const rows = await db
    .select({ required: companies.secondFactorRequired })
    .from(companies)
    .where(eq(companies.id, input.companyId))
    .limit(1);
  return rows[0]?.required ?? false;
}
