import 'server-only';
import { and, eq, gt, isNull, ne, sql } from 'drizzle-orm';
import type { Executor } from '../client';
import { accounts, companies, operators, sessions } from '../schema';

// The one sessions table of applicants and operators: a row per sign-in step, owned by an account
// or an operator. What a row may reach is decided in lib/auth/session.ts.

/** Whose: an operator (the console) or an applicant account (the dashboard). */
export type UserKind = 'operator' | 'applicant';

/** A signed-in user: an operator or an applicant account, by id. */
export type UserRef =
  { operatorId: number; accountId?: undefined } | { accountId: number; operatorId?: undefined };

/** The kind of user and its id. */
export const kindOf = (user: UserRef): { kind: UserKind; userId: number } =>
  user.operatorId !== undefined
    ? { kind: 'operator', userId: user.operatorId }
    : { kind: 'applicant', userId: user.accountId };

/** The user of a kind and id (the inverse of kindOf). */
export const userRef = (kind: UserKind, userId: number): UserRef =>
  kind === 'operator' ? { operatorId: userId } : { accountId: userId };

/** Only the id columns of a user, from an input that has more. */
export const refOnly = (user: UserRef): UserRef =>
  user.operatorId !== undefined ? { operatorId: user.operatorId } : { accountId: user.accountId };

const ownedBy = (user: UserRef) =>
  user.operatorId !== undefined
    ? eq(sessions.operatorId, user.operatorId)
    : eq(sessions.accountId, user.accountId);

/**
 * A new session from sign-in; it ends at `expiresAt` however active it is. `pending`: the
 * password only, waiting for the second factor (lib/auth/second-factor.ts).
 */
export async function insertSession(
  db: Executor,
  input: UserRef & { id: string; expiresAt: Date; pending: boolean },
) {
  await db.insert(sessions).values(input);
}

/**
 * A session that may still act — not ended, not past its absolute lifetime, its user not
 * disabled — whether it is only pending its second factor, and whether the user has one. One
 * query per request. An applicant's full session, of an account its company now requires a
 * factor of and that has none, is no session: the account enrols at its next sign-in.
 */
export async function findLiveSession(
  db: Executor,
  input: UserRef & { sessionId: string; now: Date },
): Promise<{ pending: boolean; enrolled: boolean } | null> {
  const live = and(
    eq(sessions.id, input.sessionId),
    ownedBy(input),
    isNull(sessions.endedAt),
    gt(sessions.expiresAt, input.now),
  );
  if (input.operatorId !== undefined) {
    const enrolled = sql<boolean>`${operators.totpEnrolledAt} is not null`;
    const rows = await db
      .select({ pending: sessions.pending, enrolled })
      .from(sessions)
      .innerJoin(operators, eq(operators.id, sessions.operatorId))
      .where(and(live, isNull(operators.disabledAt)))
      .limit(1);
    return rows[0] ?? null;
  }
  const enrolled = sql<boolean>`${accounts.totpEnrolledAt} is not null`;
  const rows = await db
    .select({ pending: sessions.pending, enrolled })
    .from(sessions)
    .innerJoin(accounts, eq(accounts.id, sessions.accountId))
    .innerJoin(companies, eq(companies.id, accounts.companyId))
    .where(
      and(
        live,
        isNull(accounts.disabledAt),
        sql`(${sessions.pending} or ${enrolled} or not ${companies.secondFactorRequired})`,
      ),
    )
    .limit(1);
  return rows[0] ?? null;
}

/** Sign-out: this session ends server-side, so a copied cookie stops working. */
export async function endSession(db: Executor, input: { sessionId: string }) {
  await db
    .update(sessions)
    .set({ endedAt: new Date() })
    .where(and(eq(sessions.id, input.sessionId), isNull(sessions.endedAt)));
}

/**
 * Password reset, disabling, a second factor reset: every session of the user ends; with
 * `except`, all but that one (the browser that just enrolled a second factor).
 */
export async function endSessionsOf(db: Executor, input: UserRef & { except?: string }) {
  await db
    .update(sessions)
    .set({ endedAt: new Date() })
    .where(
      and(
        ownedBy(input),
        isNull(sessions.endedAt),
        input.except ? ne(sessions.id, input.except) : undefined,
      ),
    );
}
