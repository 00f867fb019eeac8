import { and, eq, isNull, ne, or } from 'drizzle-orm';
import { maintainedElsewhereSql, passes, persons } from '../schema';

// The one definition of "which passes a company may see and act on" (SPEC, data model), as SQL.

/** Joins a pass to its holder's live person record. */
export const livePersonOfPass = and(
  eq(persons.identityNumber, passes.holderIdentityNumber),
  isNull(persons.deletedAt),
);

/** 所屬通行證: applied by the company. */
export const ownedBy = (companyId: number) => eq(passes.companyId, companyId);

/** 非所屬通行證: applied by another company, for a holder whose person record the company maintains. */
export const maintainedBy = (companyId: number) =>
  and(ne(passes.companyId, companyId), eq(persons.companyId, companyId));

/**
 * 非所屬通行證 again, from the maintaining company stored on each pass (`holder_company_id`, kept
 * by triggers equal to the live record's company; tests/integration/status-sql.test.ts): the
 * lists' form, served by the partial index of passes maintained elsewhere.
 */
export const maintainedByStored = (companyId: number) =>
  and(eq(passes.holderCompanyId, companyId), maintainedElsewhereSql(passes));

/** Either list: the only passes an applicant of the company may touch. */
export const inCompanyLists = (companyId: number) =>
  or(ownedBy(companyId), eq(persons.companyId, companyId));
