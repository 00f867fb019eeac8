import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../client';
import { rowsOf } from './buckets';
import { accountRecoveryCodes, accounts, operatorRecoveryCodes, operators } from '../schema';
import { kindOf, type UserKind, type UserRef } from './sessions';

// The TOTP second factor of operators and of applicant accounts: their user and recovery tables
// have the same columns (totp_secret, totp_enrolled_at, totp_last_step; code_hash, used_at) and
// both sign in through the one sessions table, so each statement is written once and told whose
// tables it reads.

const TABLE_SETS: Record<
  UserKind,
  {
    users: typeof operators | typeof accounts;
    recovery: typeof operatorRecoveryCodes | typeof accountRecoveryCodes;
    /** The column naming the user in the sessions and recovery tables. */
    owner: SQL;
  }
> = {
  operator: {
    users: operators,
    recovery: operatorRecoveryCodes,
    owner: sql`${sql.identifier('operator_id')}`,
  },
  applicant: {
    users: accounts,
    recovery: accountRecoveryCodes,
    owner: sql`${sql.identifier('account_id')}`,
  },
};

/** The tables of the user's kind, and its id. */
function tablesOf(user: UserRef) {
  const { kind, userId } = kindOf(user);
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
export async function findFactorUser(db: Executor, input: UserRef): Promise<FactorUser | null> {
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
  input: UserRef & { secret: string },
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
  input: UserRef & { step: number },
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
  input: UserRef & { now: Date },
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
  input: UserRef & { codeHashes: string[] },
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
  input: UserRef & { codeHash: string; now: Date },
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
  input: UserRef & { sessionId: string; newSessionId: string; now: Date; hours: number },
): Promise<boolean> {
  const t = tablesOf(input);
  const now = input.now.toISOString();
  // One statement; created_at is copied in SQL, keeping the microseconds that tie the two rows.
  const rows = rowsOf<{ id: string }>(
    await db.execute(sql`
      with replaced as (
        update sessions set ended_at = ${now}::timestamptz
        where id = ${input.sessionId}::uuid and ${t.owner} = ${t.userId}
          and pending and ended_at is null
          and expires_at > ${now}::timestamptz
        returning ${t.owner} as owner, created_at)
      insert into sessions (id, ${t.owner}, created_at, second_factor_at, expires_at)
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
  input: UserRef & { pendingId: string; nextId: string; now: Date },
): Promise<boolean> {
  const t = tablesOf(input);
  const rows = rowsOf<{ id: string }>(
    await db.execute(sql`
      select n.id from sessions p
      join sessions n on n.${t.owner} = p.${t.owner} and n.created_at = p.created_at
      where p.id = ${input.pendingId}::uuid and p.${t.owner} = ${t.userId}
        and p.pending and p.ended_at is not null
        and n.id = ${input.nextId}::uuid and n.second_factor_at is not null
        and n.ended_at is null and n.expires_at > ${input.now.toISOString()}::timestamptz
      limit 1`),
  );
  return rows.length === 1;
}

/**
 * Forgets a user's second factor: its secret, enrolment, last accepted step and recovery codes.
 * The next enrolment starts from a new secret, so the old step no longer guards anything.
 * Whether one was enrolled (an enrolment in progress is cleared too, and answers false).
 */
export async function clearSecondFactor(db: Executor, input: UserRef): Promise<boolean> {
  const t = tablesOf(input);
  const rows = rowsOf<{ had: boolean }>(
    await db.execute(sql`
      update ${t.users} u set totp_secret = null, totp_enrolled_at = null, totp_last_step = null
      from ${t.users} before
      where u.id = ${t.userId} and before.id = u.id
      returning before.totp_enrolled_at is not null as had`),
  );
  await replaceRecoveryCodes(db, { ...input, codeHashes: [] });
  return rows[0]?.had ?? false;
}
