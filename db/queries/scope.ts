import { and, eq, isNull, or, sql } from 'drizzle-orm';
import { maintainedElsewhereSql, passes, persons } from '../schema';

// The one definition of "which passes a company may see and act on" (docs/PRODUCT.md, rule 8), as SQL.

/** Joins a pass to its holder's live person record. */
export const livePersonOfPass = and(
  eq(persons.identityNumber, passes.holderIdentityNumber),
  isNull(persons.deletedAt),
);

/** 所屬通行證: applied by the company. */
export const ownedBy = (companyId: number) => eq(passes.companyId, companyId);

/**
 * 非所屬通行證 (applied by another company, for a holder whose person record the company
 * maintains), for the lists: the maintaining company copied onto each pass
 * (`holder_company_id`, kept by triggers) finds the candidates through the partial index of passes
 * maintained elsewhere, and the live record confirms each one, so a copy gone stale in a race
 * (a pass written while its holder's record moved) can hide a row but never show another
 * company's.
 */
export const maintainedBy = (companyId: number) =>
  and(
    eq(passes.holderCompanyId, companyId),
    maintainedElsewhereSql(passes),
    sql`exists (select 1 from ${persons} where ${livePersonOfPass} and ${persons.companyId} = ${companyId})`,
  );

/** Either list: the only passes an applicant of the company may touch. */
export const inCompanyLists = (companyId: number) =>
  or(ownedBy(companyId), eq(persons.companyId, companyId));

/**
 * One pass by number, and only in the company's lists when a company is given: the filter of
 * every lookup of one pass. It reads the holder's record, so the query must join `persons` on
 * livePersonOfPass.
 */
export const passNamed = (input: { passNumber: string; companyId: number | null }) =>
  and(
    eq(passes.passNumber, input.passNumber),
    input.companyId === null ? undefined : inCompanyLists(input.companyId),
  );
