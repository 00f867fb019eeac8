import 'server-only';
import { and, asc, eq, gt, isNotNull, isNull, lt, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Executor } from '../client';
import { rowsOf } from './verification';
import { accounts, operatorRecoveryCodes, operatorSessions, operators } from '../schema';

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
  input: { login: string; passwordHash: string; displayName: string; totpSecret?: string },
): Promise<number | null> {
  const rows = await db
    .insert(operators)
    .values({
      ...input,
      totpEnrolledAt: input.totpSecret ? new Date() : null,
    })
    .onConflictDoNothing()
    .returning({ id: operators.id });
  return rows[0]?.id ?? null;
}

export async function findOperatorByLogin(db: Executor, input: { login: string }) {
  const rows = await db.select().from(operators).where(eq(operators.login, input.login)).limit(1);
  return rows[0] ?? null;
}

export async function findOperatorById(db: Executor, input: { id: number }) {
  const rows = await db.select().from(operators).where(eq(operators.id, input.id)).limit(1);
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
  if (id !== undefined)
    await db
      .update(operatorSessions)
      .set({ endedAt: new Date() })
      .where(and(eq(operatorSessions.operatorId, id), isNull(operatorSessions.endedAt)));
  return id ?? null;
}

export async function insertOperatorSession(
  db: Executor,
  input: { id: string; operatorId: number; expiresAt: Date },
) {
  await db.insert(operatorSessions).values(input);
}

/**
 * An operator session that may still act (not ended, not expired, operator not disabled), and
 * whether its second factor is done. One query per request.
 */
export async function findLiveOperatorSession(
  db: Executor,
  input: { sessionId: string; operatorId: number; now: Date },
) {
  const rows = await db
    .select({
      secondFactorAt: operatorSessions.secondFactorAt,
      enrolled: sql<boolean>`${operators.totpEnrolledAt} is not null`,
    })
    .from(operatorSessions)
    .innerJoin(operators, eq(operators.id, operatorSessions.operatorId))
    .where(
      and(
        eq(operatorSessions.id, input.sessionId),
        eq(operatorSessions.operatorId, input.operatorId),
        isNull(operatorSessions.endedAt),
        gt(operatorSessions.expiresAt, input.now),
        isNull(operators.disabledAt),
      ),
    )
    .limit(1);
  return rows[0] ?? null;
}

/**
 * Completes a pending sign-in's second factor by replacing its session: the pending row ends and
 * a new one (`newSessionId`, kept from the sign-in's start for its 8 hours) opens the console. A
 * cookie copied or planted before the second factor names the ended row and opens nothing.
 * False when the pending session is gone (ended, expired or already completed).
 */
export async function completeSecondFactor(
  db: Executor,
  input: { sessionId: string; newSessionId: string; now: Date; hours: number },
): Promise<boolean> {
  const now = input.now.toISOString();
  // One statement; created_at is copied in SQL, keeping the microseconds that tie the two rows.
  const rows = rowsOf<{ id: string }>(
    await db.execute(sql`
      with pending as (
        update ${operatorSessions} set ended_at = ${now}::timestamptz
        where id = ${input.sessionId}::uuid and second_factor_at is null and ended_at is null
          and expires_at > ${now}::timestamptz
        returning operator_id, created_at)
      insert into ${operatorSessions} (id, operator_id, created_at, second_factor_at, expires_at)
      select ${input.newSessionId}::uuid, operator_id, created_at, ${now}::timestamptz,
        created_at + make_interval(hours => ${input.hours}::int)
      from pending
      returning id`),
  );
  return rows.length === 1;
}

/**
 * Whether `nextId` is the live console session that replaced `pendingId` when its second factor
 * completed: same operator, same sign-in (the new row keeps the pending row's creation time),
 * the pending row ended, the new one live.
 */
export async function replacedBy(
  db: Executor,
  input: { pendingId: string; nextId: string; operatorId: number; now: Date },
): Promise<boolean> {
  const next = alias(operatorSessions, 'next_session');
  const rows = await db
    .select({ id: next.id })
    .from(operatorSessions)
    .innerJoin(
      next,
      and(
        eq(next.operatorId, operatorSessions.operatorId),
        eq(next.createdAt, operatorSessions.createdAt),
      ),
    )
    .where(
      and(
        eq(operatorSessions.id, input.pendingId),
        eq(operatorSessions.operatorId, input.operatorId),
        isNull(operatorSessions.secondFactorAt),
        isNotNull(operatorSessions.endedAt),
        eq(next.id, input.nextId),
        isNotNull(next.secondFactorAt),
        isNull(next.endedAt),
        gt(next.expiresAt, input.now),
      ),
    )
    .limit(1);
  return rows.length === 1;
}

export async function endOperatorSession(db: Executor, input: { sessionId: string }) {
  await db
    .update(operatorSessions)
    .set({ endedAt: new Date() })
    .where(and(eq(operatorSessions.id, input.sessionId), isNull(operatorSessions.endedAt)));
}

/** Keeps the secret being enrolled, or sets the given one when there is none yet. */
export async function ensureEnrolmentSecret(
  db: Executor,
  input: { operatorId: number; secret: string },
): Promise<string | null> {
  await db
    .update(operators)
    .set({ totpSecret: input.secret })
    .where(
      and(
        eq(operators.id, input.operatorId),
        isNull(operators.totpSecret),
        isNull(operators.totpEnrolledAt),
      ),
    );
  const row = await findOperatorById(db, { id: input.operatorId });
  return row?.totpEnrolledAt ? null : (row?.totpSecret ?? null);
}

/**
 * Accepts a TOTP time step only if it is newer than the last one accepted, in one statement: two
 * instances given the same code at once cannot both accept it.
 */
export async function claimTotpStep(
  db: Executor,
  input: { operatorId: number; step: number },
): Promise<boolean> {
  const rows = await db
    .update(operators)
    .set({ totpLastStep: input.step })
    .where(
      and(
        eq(operators.id, input.operatorId),
        or(isNull(operators.totpLastStep), lt(operators.totpLastStep, input.step)),
      ),
    )
    .returning({ id: operators.id });
  return rows.length === 1;
}

export async function markTotpEnrolled(db: Executor, input: { operatorId: number; now: Date }) {
  await db
    .update(operators)
    .set({ totpEnrolledAt: input.now })
    .where(and(eq(operators.id, input.operatorId), isNull(operators.totpEnrolledAt)));
}

/** Replaces the operator's recovery codes (hashes only). */
export async function replaceRecoveryCodes(
  db: Executor,
  input: { operatorId: number; codeHashes: string[] },
) {
  await db
    .delete(operatorRecoveryCodes)
    .where(eq(operatorRecoveryCodes.operatorId, input.operatorId));
  if (input.codeHashes.length > 0)
    await db
      .insert(operatorRecoveryCodes)
      .values(input.codeHashes.map((codeHash) => ({ operatorId: input.operatorId, codeHash })));
}

/** Uses a recovery code once: the conditional update lets one request win. */
export async function useRecoveryCode(
  db: Executor,
  input: { operatorId: number; codeHash: string; now: Date },
): Promise<boolean> {
  const rows = await db
    .update(operatorRecoveryCodes)
    .set({ usedAt: input.now })
    .where(
      and(
        eq(operatorRecoveryCodes.operatorId, input.operatorId),
        eq(operatorRecoveryCodes.codeHash, input.codeHash),
        isNull(operatorRecoveryCodes.usedAt),
      ),
    )
    .returning({ id: operatorRecoveryCodes.id });
  return rows.length === 1;
}
