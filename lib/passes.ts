import { z } from 'zod';
import type { Db } from '@/db/client';
import {
  countPassesByStatus,
  findPassForCompany,
  listAttemptsForPass,
  listPassesForCompany,
  type PassFilters,
} from '@/db/queries/passes';
import { normaliseIdentity, normalisePassNumber } from './identity';
import { normaliseText } from './text';
import { computeStatus } from './verification/status';

const PAGE_SIZE = 20;

/** The list's URL parameters; anything unknown falls back to a default instead of failing. */
export const passListQuerySchema = z.object({
  tab: z.enum(['owned', 'maintained']).catch('owned'),
  passNumber: z
    .unknown()
    .transform((v) => normalisePassNumber(v).slice(0, 32))
    .catch(''),
  identityNumber: z
    .unknown()
    .transform((v) => normaliseIdentity(v).slice(0, 10))
    .catch(''),
  name: z
    .unknown()
    .transform((v) => normaliseText(v).slice(0, 50))
    .catch(''),
  status: z.enum(['verified', 'unverified', 'pending']).optional().catch(undefined),
  sort: z.enum(['passNumber', 'validUntil', 'name']).catch('passNumber'),
  dir: z.enum(['asc', 'desc']).catch('asc'),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});

export type PassListQuery = z.output<typeof passListQuerySchema>;

/** The list's filters from its URL query. */
function filtersOf(query: PassListQuery): PassFilters {
  return {
    passNumber: query.passNumber || undefined,
    identityNumber: query.identityNumber || undefined,
    name: query.name || undefined,
    status: query.status,
  };
}

const withStatus = <R extends { verifiedMobile: string | null; personMobile: string | null }>(
  r: R,
) => ({
  ...r,
  status: computeStatus({ verifiedMobile: r.verifiedMobile, personMobile: r.personMobile }),
});

export async function listPasses(db: Db, companyId: number, query: PassListQuery) {
  const filters = filtersOf(query);
  const [{ rows, total }, counts] = await Promise.all([
    listPassesForCompany(db, {
      companyId,
      tab: query.tab,
      filters,
      sort: query.sort,
      desc: query.dir === 'desc',
      page: query.page,
      pageSize: PAGE_SIZE,
    }),
    // 已驗證 / 未驗證 / 待驗證 above the list: an applicant's first question is who is not verified yet.
    countPassesByStatus(db, { companyId, tab: query.tab, filters }),
  ]);
  return {
    rows: rows.map(withStatus),
    total,
    counts,
    pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
  };
}

/**
 * The current filtered list, every page of it, in the list's order: batches of 1,000 rows, so a
 * large company's export streams instead of loading at once. Scoped like the list.
 */
export async function* listAllPasses(db: Db, companyId: number, query: PassListQuery) {
  const filters = filtersOf(query);
  for (let page = 1; ; page++) {
    const { rows } = await listPassesForCompany(db, {
      companyId,
      tab: query.tab,
      filters,
      sort: query.sort,
      desc: query.dir === 'desc',
      page,
      pageSize: 1000,
    });
    for (const r of rows) yield withStatus(r);
    if (rows.length < 1000) return;
  }
}

export async function getPassDetail(db: Db, companyId: number, passNumber: string) {
  const pass = await findPassForCompany(db, {
    companyId,
    passNumber: normalisePassNumber(passNumber),
  });
  if (!pass) return null;
  const history = await listAttemptsForPass(db, { passId: pass.id });
  return {
    ...pass,
    owned: pass.companyId === companyId,
    /** Another company maintains the person record: 修改手機號碼 is not offered (SPEC, data model). */
    maintainedElsewhere: pass.personCompanyId !== null && pass.personCompanyId !== companyId,
    status: computeStatus({ verifiedMobile: pass.verifiedMobile, personMobile: pass.personMobile }),
    history,
  };
}
