import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../client';
import { rowsOf } from './verification';
import {
  accountRecoveryCodes,
  accounts,
  operatorRecoveryCodes,
  operatorSessions,
  operators,
  sessions,
} from '../schema';

// The TOTP second factor of operators and of applicant accounts: their tables have the same
// columns (totp_secret, totp_enrolled_at, totp_last_step; ended_at, second_factor_at; code_hash,
// used_at), so each statement is written once and told whose tables it reads.

/** Whose second factor: an operator's (the console) or an applicant account's (the dashboard). */
export type FactorKind = 'operator' | 'applicant';

/** The user a statement is about, which also says whose tables: an operator or an account. */
export type FactorOwner =
  { operatorId: number; accountId?: undefined } | { accountId: number; operatorId?: undefined };

/** The kind of user and its id. */
export const ownerOf = (owner: FactorOwner): { kind: FactorKind; userId: number } =>
  owner.operatorId !== undefined
    ? { kind: 'operator', userId: owner.operatorId }
    : { kind: 'applicant', userId: owner.accountId };

/** The owner of a kind and id (the inverse of ownerOf). */
export const factorOwner = (kind: FactorKind, userId: number): FactorOwner =>
  kind === 'operator' ? { operatorId: userId } : { accountId: userId };

const TABLE_SETS: Record<
  FactorKind,
  {
    users: typeof operators | typeof accounts;
    sessions: typeof operatorSessions | typeof sessions;
    recovery: typeof operatorRecoveryCodes | typeof accountRecoveryCodes;
    /** The column naming the user in the sessions and recovery tables. */
    owner: SQL;
    /** A session row that has the password only. */
    pending: SQL;
  }
> = {
  operator: {
    users: operators,
    sessions: operatorSessions,
    recovery: operatorRecoveryCodes,
    owner: sql`${sql.identifier('operator_id')}`,
    // Every operator sign-in starts pending: the console needs the second factor.
    pending: sql`second_factor_at is null`,
  },
  applicant: {
    users: accounts,
    sessions,
    recovery: accountRecoveryCodes,
    owner: sql`${sql.identifier('account_id')}`,
    // An account without a factor signs in to a full session straight away: pending is its own flag.
    pending: sql`pending`,
  },
};

/** The tables of the owner's kind, and its id. */
function tablesOf(owner: FactorOwner) {
  const { kind, userId } = ownerOf(owner);
  return { ...TABLE_SETS[kind], userId };
}

export interface FactorUser {
  id: number;
  login: string;
  /** The secret being enrolled, or the enrolled one. */
  secret: string | null;
  enrolled: boolean;
}

/** A user's second factor: its secret and whether it is enrolled. */
export async function findFactorUser(db: Executor, input: FactorOwner): Promise<FactorUser | null> {
  const t = tablesOf(input);
  const rows = rowsOf<FactorUser>(
    await db.execute(sql`
      select id, login, totp_secret as secret, totp_enrolled_at is not null as enrolled
      from ${t.users} where id = ${t.userId}`),
  );
  return rows[0] ?? null;
}

/**
 * The secret being enrolled: kept if there is one, else the given one is set. Null once the user
 * is enrolled (the enrolled secret is never shown again).
 */
export async function ensureEnrolmentSecret(
  db: Executor,
  input: FactorOwner & { secret: string },
): Promise<string | null> {
  const t = tablesOf(input);
  await db.execute(sql`
    update ${t.users} set totp_secret = ${input.secret}
    where id = ${t.userId} and totp_secret is null and totp_enrolled_at is null`);
  const user = await findFactorUser(db, input);
  return user && !user.enrolled ? user.secret : null;
}

/**
 * Accepts a TOTP time step only if it is newer than the last one accepted, in one statement: two
 * instances given the same code at once cannot both accept it.
 */
export async function claimTotpStep(
  db: Executor,
  input: FactorOwner & { step: number },
): Promise<boolean> {
  const t = tablesOf(input);
  const rows = rowsOf<{ id: number }>(
    await db.execute(sql`
      update ${t.users} set totp_last_step = ${input.step}
      where id = ${t.userId} and (totp_last_step is null or totp_last_step < ${input.step})
      returning id`),
  );
  return rows.length === 1;
}

/** The secret is trusted from now on. False when it already was (a concurrent enrolment won). */
export async function markTotpEnrolled(
  db: Executor,
  input: FactorOwner & { now: Date },
): Promise<boolean> {
  const t = tablesOf(input);
  const rows = rowsOf<{ id: number }>(
    await db.execute(sql`
      update ${t.users} set totp_enrolled_at = ${input.now.toISOString()}::timestamptz
      where id = ${t.userId} and totp_enrolled_at is null and totp_secret is not null
      returning id`),
  );
  return rows.length === 1;
}

/** Replaces the user's recovery codes (hashes only). */
export async function replaceRecoveryCodes(
  db: Executor,
  input: FactorOwner & { codeHashes: string[] },
) {
  const t = tablesOf(input);
  await db.execute(sql`delete from ${t.recovery} where ${t.owner} = ${t.userId}`);
  if (input.codeHashes.length === 0) return;
  const values = input.codeHashes.map((codeHash) => sql`(${t.userId}, ${codeHash})`);
  await db.execute(
    sql`insert into ${t.recovery} (${t.owner}, code_hash) values ${sql.join(values, sql`, `)}`,
  );
}

/** Uses a recovery code once: the conditional update lets one request win. */
export async function redeemRecoveryCode(
  db: Executor,
  input: FactorOwner & { codeHash: string; now: Date },
): Promise<boolean> {
  const t = tablesOf(input);
  const rows = rowsOf<{ id: number }>(
    await db.execute(sql`
      update ${t.recovery} set used_at = ${input.now.toISOString()}::timestamptz
      where ${t.owner} = ${t.userId} and code_hash = ${input.codeHash} and used_at is null
      returning id`),
  );
  return rows.length === 1;
}

/**
 * Completes a pending sign-in's second factor by replacing its session: the pending row ends and
 * a new one (`newSessionId`, kept from the sign-in's start for its 8 hours) opens the console or
 * the dashboard. A cookie copied or planted before the second factor names the ended row and
 * opens nothing. False when the pending session is gone (ended, expired or already completed).
 */
export async function completeSecondFactor(
  db: Executor,
  input: FactorOwner & { sessionId: string; newSessionId: string; now: Date; hours: number },
): Promise<boolean> {
  const t = tablesOf(input);
  const now = input.now.toISOString();
  // One statement; created_at is copied in SQL, keeping the microseconds that tie the two rows.
  const rows = rowsOf<{ id: string }>(
    await db.execute(sql`
      with replaced as (
        update ${t.sessions} set ended_at = ${now}::timestamptz
        where id = ${input.sessionId}::uuid and ${t.pending} and ended_at is null
          and expires_at > ${now}::timestamptz
        returning ${t.owner} as owner, created_at)
      insert into ${t.sessions} (id, ${t.owner}, created_at, second_factor_at, expires_at)
      select ${input.newSessionId}::uuid, owner, created_at, ${now}::timestamptz,
        created_at + make_interval(hours => ${input.hours}::int)
      from replaced
      returning id`),
  );
  return rows.length === 1;
}

/**
 * Whether `nextId` is the live session that replaced `pendingId` when its second factor
 * completed: same user, same sign-in (the new row keeps the pending row's creation time), the
 * pending row ended, the new one live.
 */
export async function replacedBy(
  db: Executor,
  input: FactorOwner & { pendingId: string; nextId: string; now: Date },
): Promise<boolean> {
  const t = tablesOf(input);
  const rows = rowsOf<{ id: string }>(
    await db.execute(sql`
      select n.id from ${t.sessions} p
      join ${t.sessions} n on n.${t.owner} = p.${t.owner} and n.created_at = p.created_at
      where p.id = ${input.pendingId}::uuid and p.${t.owner} = ${t.userId}
        and p.${t.pending} and p.ended_at is not null
        and n.id = ${input.nextId}::uuid and n.second_factor_at is not null
        and n.ended_at is null and n.expires_at > ${input.now.toISOString()}::timestamptz
      limit 1`),
  );
  return rows.length === 1;
}

/**
 * Forgets a user's second factor: its secret, enrolment, last accepted step and recovery codes.
 * The next enrolment starts from a new secret, so the old step no longer guards anything.
 * Whether a factor (enrolled or being enrolled) was there.
 */
export async function clearSecondFactor(db: Executor, input: FactorOwner): Promise<boolean> {
  const t = tablesOf(input);
  const rows = rowsOf<{ had: boolean }>(
    await db.execute(sql`
      update ${t.users} u set totp_secret = null, totp_enrolled_at = null, totp_last_step = null
      from ${t.users} before
      where u.id = ${t.userId} and before.id = u.id
      returning before.totp_enrolled_at is not null as had`),
  );
  await db.execute(sql`delete from ${t.recovery} where ${t.owner} = ${t.userId}`);
  return rows[0]?.had ?? false;
}
