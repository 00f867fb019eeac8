import 'server-only';
import { and, asc, count, desc, eq, ilike, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../client';
import { escapeLike } from './like';
import { inCompanyLists, livePersonOfPass as livePerson, maintainedBy, ownedBy } from './scope';
import { accounts, passes, persons, verificationAttempts } from '../schema';
import type { VerificationStatus } from '@/lib/verification/status';

export type PassTab = 'owned' | 'maintained';
export type PassSort = 'passNumber' | 'validUntil' | 'name';

export interface PassFilters {
  passNumber?: string;
  identityNumber?: string;
  name?: string;
  status?: VerificationStatus;
}

/** 是否驗證 in SQL, for filtering: the same rule as computeStatus (tests/integration/status-sql.test.ts keeps them equal). */
export const statusSql = sql<VerificationStatus>`case
  when ${passes.verifiedMobile} is null then 'unverified'
  when ${passes.verifiedMobile} = ${persons.mobile} then 'verified'
  else 'pending' end`;

/** The list's text filters (通行證號, 身分證號, 姓名), without 是否驗證. */
function passFilterConditions(filters: PassFilters) {
  return [
    filters.passNumber
      ? ilike(passes.passNumber, `%${escapeLike(filters.passNumber)}%`)
      : undefined,
    filters.identityNumber
      ? ilike(passes.holderIdentityNumber, `${escapeLike(filters.identityNumber)}%`)
      : undefined,
    filters.name ? ilike(passes.holderName, `%${escapeLike(filters.name)}%`) : undefined,
  ];
}

/**
 * How many passes of the tab are 已驗證, 未驗證 and 待驗證 under the text filters (the status
 * filter itself is what these counts offer), scoped like the list.
 */
export async function countPassesByStatus(
  db: Executor,
  input: { companyId: number; tab: PassTab; filters: PassFilters },
): Promise<Record<VerificationStatus, number>> {
  const rows = await db
    .select({ status: statusSql, n: count() })
    .from(passes)
    .leftJoin(persons, livePerson)
    .where(and(tabCondition(input.companyId, input.tab), ...passFilterConditions(input.filters)))
    .groupBy(statusSql);
  const counts: Record<VerificationStatus, number> = { verified: 0, unverified: 0, pending: 0 };
  for (const r of rows) counts[r.status] = Number(r.n);
  return counts;
}

function tabCondition(companyId: number, tab: PassTab): SQL {
  return (tab === 'owned' ? ownedBy(companyId) : maintainedBy(companyId))!;
}

export async function listPassesForCompany(
  db: Executor,
  input: {
    companyId: number;
    tab: PassTab;
    filters: PassFilters;
    sort: PassSort;
    desc: boolean;
    page: number;
    pageSize: number;
  },
) {
  const { filters } = input;
  const passFilters = passFilterConditions(filters);
  const where = and(
    tabCondition(input.companyId, input.tab),
    ...passFilters,
    filters.status ? sql`${statusSql} = ${filters.status}` : undefined,
  );
  const sortColumn = {
    passNumber: passes.passNumber,
    validUntil: passes.validUntil,
    name: passes.holderName,
  }[input.sort];
  const direction = input.desc ? desc : asc;
  // Pass numbers are unique: sorting by them needs no tie-breaker, so the (company, pass number) index serves the order.
  const order =
    input.sort === 'passNumber'
      ? [direction(passes.passNumber)]
      : [direction(sortColumn), asc(passes.passNumber)];
  // Counting 所屬 passes without a status filter needs no join with the person records.
  const countQuery =
    input.tab === 'owned' && !filters.status
      ? db
          .select({ n: count() })
          .from(passes)
          .where(and(ownedBy(input.companyId), ...passFilters))
      : db.select({ n: count() }).from(passes).leftJoin(persons, livePerson).where(where);
  const [rows, [total]] = await Promise.all([
    db
      .select({
        passNumber: passes.passNumber,
        identityNumber: passes.holderIdentityNumber,
        name: passes.holderName,
        validFrom: passes.validFrom,
        validUntil: passes.validUntil,
        personMobile: persons.mobile,
        verifiedMobile: passes.verifiedMobile,
      })
      .from(passes)
      .leftJoin(persons, livePerson)
      .where(where)
      .orderBy(...order)
      .limit(input.pageSize)
      .offset((input.page - 1) * input.pageSize),
    countQuery,
  ]);
  return { rows, total: total?.n ?? 0 };
}

/** One pass, only if it is in the company's 所屬 or 非所屬 list. */
export async function findPassForCompany(
  db: Executor,
  input: { companyId: number; passNumber: string },
) {
  const rows = await db
    .select({
      id: passes.id,
      passNumber: passes.passNumber,
      identityNumber: passes.holderIdentityNumber,
      name: passes.holderName,
      validFrom: passes.validFrom,
      validUntil: passes.validUntil,
      verifiedMobile: passes.verifiedMobile,
      verifiedAt: passes.verifiedAt,
      companyId: passes.companyId,
      personId: persons.id,
      personMobile: persons.mobile,
      personCompanyId: persons.companyId,
    })
    .from(passes)
    .leftJoin(persons, livePerson)
    .where(and(eq(passes.passNumber, input.passNumber), inCompanyLists(input.companyId)))
    .limit(1);
  return rows[0] ?? null;
}

/** The pass's verification history, newest first. */
export async function listAttemptsForPass(db: Executor, input: { passId: number }) {
  return db
    .select({
      id: verificationAttempts.id,
      sentAt: verificationAttempts.sentAt,
      mobile: verificationAttempts.mobile,
      channel: verificationAttempts.channel,
      login: accounts.login,
      state: verificationAttempts.state,
      failedTries: verificationAttempts.failedTries,
      cancelReason: verificationAttempts.cancelReason,
      providerError: verificationAttempts.providerError,
    })
    .from(verificationAttempts)
    .leftJoin(accounts, eq(accounts.id, verificationAttempts.accountId))
    .where(eq(verificationAttempts.passId, input.passId))
    .orderBy(desc(verificationAttempts.sentAt))
    .limit(50);
}
