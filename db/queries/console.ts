import 'server-only';
import { and, asc, desc, eq, gte, ilike, inArray, isNull, or, sql } from 'drizzle-orm';
import type { Executor } from '../client';
import { escapeLike } from './like';
import { statusSql } from './passes';
import { companyDayBuckets, rowsOf } from './buckets';
import type { VerificationStatus } from '@/lib/verification/status';
import {
  accounts,
  attemptDailyStats,
  auditLog,
  companies,
  numberChangeAlerts,
  passes,
  persons,
  rateCounters,
  verificationAttempts,
  type AttemptChannel,
  type AttemptState,
} from '../schema';

// The operator console's reads. Days are Taiwan calendar days ('YYYY-MM-DD'), +08:00 all year.

/** A Taiwan day's first instant, in SQL. */
const dayStartSql = (day: string) =>
  sql`((${day}::date)::timestamp - interval '8 hours') at time zone 'UTC'`;

/** The Taiwan day of an attempt's send, in SQL. */
const sendDaySql = sql`(((${verificationAttempts.sentAt} at time zone 'UTC') + interval '8 hours')::date)`;

export interface AttemptStatRow {
  day: string;
  channel: AttemptChannel;
  state: AttemptState;
  failureKind: string;
  attempts: number;
  verifiedWithin24h: number;
}

/**
 * Rolls up the closed days of [from, until] not rolled up yet, in one statement: the day's marker
 * row and its figures are written together, and a day another request is rolling up at the same
 * time waits on its marker and is skipped.
 */
export async function rollUpDays(db: Executor, input: { from: string; until: string }) {
  if (input.until < input.from) return;
  await db.execute(sql`
    with missing as (
      select d::date as day from generate_series(${input.from}::date, ${input.until}::date, interval '1 day') d
      where not exists (select 1 from attempt_stat_days s where s.day = d::date)
    ),
    marked as (
      insert into attempt_stat_days (day) select day from missing
      on conflict do nothing
      returning day
    )
    insert into attempt_daily_stats (day, channel, state, failure_kind, attempts, verified_within_24h)
    select m.day, a.channel, a.state, coalesce(split_part(a.provider_error, ':', 1), ''),
           count(*)::int,
           (count(*) filter (where a.state = 'verified' and a.resolved_at <= a.sent_at + interval '24 hours'))::int
    from marked m
    join verification_attempts a
      on a.sent_at >= ((m.day::timestamp - interval '8 hours') at time zone 'UTC')
     and a.sent_at < (((m.day + 1)::timestamp - interval '8 hours') at time zone 'UTC')
    group by m.day, a.channel, a.state, coalesce(split_part(a.provider_error, ':', 1), '')
    on conflict do nothing`);
}

/**
 * The period's attempts by day, channel, state and failure kind: closed days from the roll-up,
 * the open ones (from `liveFrom`) counted from the attempts themselves.
 */
export async function attemptStats(
  db: Executor,
  input: { from: string; liveFrom: string },
): Promise<AttemptStatRow[]> {
  const rolled = db
    .select({
      day: sql<string>`${attemptDailyStats.day}::text`.as('day'),
      channel: attemptDailyStats.channel,
      state: attemptDailyStats.state,
      failureKind: attemptDailyStats.failureKind,
      attempts: sql<number>`${attemptDailyStats.attempts}`.as('attempts'),
      verifiedWithin24h: sql<number>`${attemptDailyStats.verifiedWithin24h}`.as('verified_24h'),
    })
    .from(attemptDailyStats)
    .where(
      and(
        gte(attemptDailyStats.day, input.from),
        sql`${attemptDailyStats.day} < ${input.liveFrom}::date`,
      ),
    );
  const failureKind = sql<string>`coalesce(split_part(${verificationAttempts.providerError}, ':', 1), '')`;
  const live = db
    .select({
      day: sql<string>`${sendDaySql}::text`.as('day'),
      channel: verificationAttempts.channel,
      state: verificationAttempts.state,
      failureKind: failureKind.as('failure_kind'),
      attempts: sql<number>`count(*)::int`.as('attempts'),
      verifiedWithin24h:
        sql<number>`(count(*) filter (where ${verificationAttempts.state} = 'verified' and ${verificationAttempts.resolvedAt} <= ${verificationAttempts.sentAt} + interval '24 hours'))::int`.as(
          'verified_24h',
        ),
    })
    .from(verificationAttempts)
    .where(sql`${verificationAttempts.sentAt} >= ${dayStartSql(input.liveFrom)}`)
    .groupBy(sendDaySql, verificationAttempts.channel, verificationAttempts.state, failureKind);
  const rows = await rolled.unionAll(live);
  return rows.map((r) => ({
    ...r,
    attempts: Number(r.attempts),
    verifiedWithin24h: Number(r.verifiedWithin24h),
  }));
}

/** Sums of per-day counters (rate_counters) by bucket, from `since`. */
export async function sumCounters(
  db: Executor,
  input: { buckets: string[]; since: Date },
): Promise<Map<string, number>> {
  if (input.buckets.length === 0) return new Map();
  const rows = await db
    .select({ bucket: rateCounters.bucket, hits: sql<number>`sum(${rateCounters.hits})::int` })
    .from(rateCounters)
    .where(
      and(inArray(rateCounters.bucket, input.buckets), gte(rateCounters.windowStart, input.since)),
    )
    .groupBy(rateCounters.bucket);
  return new Map(rows.map((r) => [r.bucket, Number(r.hits)]));
}

/**
 * Every company with its passes valid today by 是否驗證 (the list's own status rule), its sends
 * today (the sum of its COMPANY_DAY_SHARDS budget rows, the counters the engine checks), and the totals over
 * all companies: one pass over the passes serves the status chart and the company table.
 */
export async function listCompanyVerification(
  db: Executor,
  input: { today: string; dayStart: Date; limit: number },
) {
  const result = await db.execute(sql`
    with current_passes as (
      select ${passes.companyId} as company_id,
             count(*)::int as passes,
             (count(*) filter (where ${statusSql} = 'verified'))::int as verified,
             (count(*) filter (where ${statusSql} = 'pending'))::int as pending
      from ${passes}
      where ${passes.validFrom} <= ${input.today}::date and ${passes.validUntil} >= ${input.today}::date
      group by ${passes.companyId}
    ),
    sends as (
      select split_part(rc.bucket, ':', 2)::int as company_id, sum(rc.hits)::int as sends
      from rate_counters rc
      where rc.window_start = ${input.dayStart.toISOString()}::timestamptz
        and rc.bucket = any(array(select unnest(${companyDayBuckets(sql`c.id`)}) from companies c))
      group by 1
    )
    select c.id, c.tax_id, c.name, coalesce(cp.passes, 0) as passes,
           coalesce(cp.verified, 0) as verified, coalesce(cp.pending, 0) as pending,
           coalesce(s.sends, 0) as sends_today,
           sum(coalesce(cp.passes, 0)) over () as all_passes,
           sum(coalesce(cp.verified, 0)) over () as all_verified,
           sum(coalesce(cp.pending, 0)) over () as all_pending
    from companies c
    left join current_passes cp on cp.company_id = c.id
    left join sends s on s.company_id = c.id
    order by coalesce(cp.passes, 0) desc, c.tax_id
    limit ${input.limit}`);
  const rows = rowsOf<{
    id: number;
    tax_id: string;
    name: string;
    passes: number;
    verified: number;
    pending: number;
    sends_today: number;
    all_passes: number;
    all_verified: number;
    all_pending: number;
  }>(result);
  const total = rows[0];
  const status: Record<VerificationStatus, number> = {
    verified: Number(total?.all_verified ?? 0),
    pending: Number(total?.all_pending ?? 0),
    unverified:
      Number(total?.all_passes ?? 0) -
      Number(total?.all_verified ?? 0) -
      Number(total?.all_pending ?? 0),
  };
  return {
    status,
    companies: rows.map((r) => ({
      id: Number(r.id),
      taxId: r.tax_id,
      name: r.name,
      passes: Number(r.passes),
      verified: Number(r.verified),
      sendsToday: Number(r.sends_today),
    })),
  };
}

/** Companies with their applicant accounts, searched by 統一編號, name or login. */
export async function searchCompaniesWithAccounts(db: Executor, input: { search?: string }) {
  const q = input.search ? `%${escapeLike(input.search)}%` : undefined;
  return db
    .select({
      companyId: companies.id,
      taxId: companies.taxId,
      name: companies.name,
      secondFactorRequired: companies.secondFactorRequired,
      login: accounts.login,
      displayName: accounts.displayName,
      disabledAt: accounts.disabledAt,
      totpEnrolledAt: accounts.totpEnrolledAt,
    })
    .from(companies)
    .leftJoin(accounts, eq(accounts.companyId, companies.id))
    .where(
      q
        ? or(ilike(companies.taxId, q), ilike(companies.name, q), ilike(accounts.login, q))
        : undefined,
    )
    .orderBy(asc(companies.taxId), asc(accounts.login))
    .limit(500);
}

export type AuditTarget =
  | { kind: 'pass'; passNumber: string }
  | { kind: 'identity'; identityNumber: string }
  | { kind: 'mobile'; mobile: string };

/** Every attempt for a pass, a holder's identity number or a mobile, newest first. */
export async function listAttemptsForAudit(
  db: Executor,
  input: { target: AuditTarget; limit: number },
) {
  const { target } = input;
  const where =
    target.kind === 'pass'
      ? eq(passes.passNumber, target.passNumber)
      : target.kind === 'identity'
        ? eq(verificationAttempts.identityNumber, target.identityNumber)
        : eq(verificationAttempts.mobile, target.mobile);
  return db
    .select({
      id: verificationAttempts.id,
      sentAt: verificationAttempts.sentAt,
      channel: verificationAttempts.channel,
      passNumber: passes.passNumber,
      identityNumber: verificationAttempts.identityNumber,
      companyTaxId: companies.taxId,
      companyName: companies.name,
      accountLogin: accounts.login,
      mobile: verificationAttempts.mobile,
      state: verificationAttempts.state,
      failedTries: verificationAttempts.failedTries,
      providerMessageId: verificationAttempts.providerMessageId,
      providerError: verificationAttempts.providerError,
      requesterIp: verificationAttempts.requesterIp,
    })
    .from(verificationAttempts)
    .innerJoin(passes, eq(passes.id, verificationAttempts.passId))
    .innerJoin(companies, eq(companies.id, passes.companyId))
    .leftJoin(accounts, eq(accounts.id, verificationAttempts.accountId))
    .where(where)
    .orderBy(desc(verificationAttempts.sentAt))
    .limit(input.limit);
}

/**
 * Every number-change alert (rule 22) for a pass, a holder's identity number or a mobile (the one
 * told or the one that replaced it), newest first, with the company that changed the number.
 */
export async function listAlertsForAudit(
  db: Executor,
  input: { target: AuditTarget; limit: number },
) {
  const { target } = input;
  const where =
    target.kind === 'pass'
      ? eq(passes.passNumber, target.passNumber)
      : target.kind === 'identity'
        ? eq(numberChangeAlerts.identityNumber, target.identityNumber)
        : or(
            eq(numberChangeAlerts.toMobile, target.mobile),
            eq(numberChangeAlerts.newMobile, target.mobile),
          );
  return db
    .select({
      id: numberChangeAlerts.id,
      createdAt: numberChangeAlerts.createdAt,
      cause: numberChangeAlerts.cause,
      passNumber: passes.passNumber,
      identityNumber: numberChangeAlerts.identityNumber,
      companyTaxId: companies.taxId,
      companyName: companies.name,
      accountLogin: accounts.login,
      toMobile: numberChangeAlerts.toMobile,
      state: numberChangeAlerts.state,
      providerMessageId: numberChangeAlerts.providerMessageId,
      providerError: numberChangeAlerts.providerError,
    })
    .from(numberChangeAlerts)
    .innerJoin(passes, eq(passes.id, numberChangeAlerts.passId))
    .innerJoin(companies, eq(companies.id, numberChangeAlerts.companyId))
    .leftJoin(accounts, eq(accounts.id, numberChangeAlerts.accountId))
    .where(where)
    .orderBy(desc(numberChangeAlerts.createdAt))
    .limit(input.limit);
}

/** The identity numbers an audit search concerns: the pass's holder, or the mobile's record holders. */
export async function holdersForAudit(db: Executor, input: { target: AuditTarget }) {
  const { target } = input;
  if (target.kind === 'identity') return [target.identityNumber];
  const rows =
    target.kind === 'pass'
      ? await db
          .select({ id: passes.holderIdentityNumber })
          .from(passes)
          .where(eq(passes.passNumber, target.passNumber))
      : await db
          .selectDistinct({ id: persons.identityNumber })
          .from(persons)
          .where(and(eq(persons.mobile, target.mobile), isNull(persons.deletedAt)));
  return rows.map((r) => r.id);
}

/** The audit rows of the person records (live or deleted) of these identity numbers, oldest first. */
export async function listPersonAudit(db: Executor, input: { identityNumbers: string[] }) {
  if (input.identityNumbers.length === 0) return [];
  const subjects = db
    .select({ subject: sql<string>`'person:' || ${persons.id}`.as('subject') })
    .from(persons)
    .where(inArray(persons.identityNumber, input.identityNumbers));
  return db
    .select()
    .from(auditLog)
    .where(inArray(auditLog.subject, subjects))
    .orderBy(asc(auditLog.at), asc(auditLog.id))
    .limit(500);
}

/** Applicant logins with their company's 統一編號, by account id (the audit's actors). */
export async function accountLoginsByIds(db: Executor, input: { ids: number[] }) {
  if (input.ids.length === 0) return new Map<number, string>();
  const rows = await db
    .select({ id: accounts.id, login: accounts.login, taxId: companies.taxId })
    .from(accounts)
    .innerJoin(companies, eq(companies.id, accounts.companyId))
    .where(inArray(accounts.id, input.ids));
  return new Map(rows.map((r) => [r.id, `${r.login} (${r.taxId})`]));
}
