import * as z from 'zod/mini';
import type { Db } from '@/db/client';
import {
  COUNT_CAP,
  countPassesByStatus,
  findPass,
  listAttemptsForPass,
  listPassesForCompany,
  type PageAt,
  type PassCursor,
  type PassFilters,
} from '@/db/queries/passes';
import { isCalendarDay } from '../values/dates';
import { pageAt, pageLinks, positionParams } from '../web/keyset';
import { normaliseIdentity, normalisePassNumber } from '../values/identity';
import { normaliseText } from '../values/text';
import { computeStatus } from '../verification/status';

const PAGE_SIZE = 20;
const EXPORT_BATCH = 1000;

/**
 * A page boundary in the URL: base64url of [sort value, pass number], each as clean as typed text
 * (no control characters); anything else is ignored (the first page).
 */
const cursorParam = z.catch(
  z.optional(
    z.pipe(
      z.string().check(z.maxLength(200)),
      z.transform((v, ctx): PassCursor => {
        try {
          const [value, passNumber] = z.parse(
            z.tuple([
              z.string().check(z.maxLength(64)),
              z.string().check(z.minLength(1), z.maxLength(32)),
            ]),
            JSON.parse(Buffer.from(v, 'base64url').toString('utf8')),
          );
          if (value !== normaliseText(value) || passNumber !== normalisePassNumber(passNumber))
            throw new Error('cursor');
          return { value, passNumber };
        } catch {
          ctx.issues.push({ code: 'custom', message: 'cursor', input: v });
          return z.NEVER;
        }
      }),
    ),
  ),
  undefined,
);

/** A boundary only counts for the order it was made in: a 期限迄日 boundary must be a day. */
const fitsSort = (
  cursor: PassCursor | undefined,
  sort: 'passNumber' | 'validUntil' | 'name',
): PassCursor | undefined =>
  cursor && (sort !== 'validUntil' || isCalendarDay(cursor.value)) ? cursor : undefined;

export const encodeCursor = (c: PassCursor) =>
  Buffer.from(JSON.stringify([c.value, c.passNumber])).toString('base64url');

/** A URL parameter as clean text, or '' when it is anything else. */
const textParam = (clean: (v: unknown) => string) =>
  z.catch(
    z.transform((v: unknown) => clean(v)),
    '',
  );

export const passListQuerySchema = z.pipe(
  z.object({
    tab: z.catch(z.enum(['owned', 'maintained']), 'owned'),
    passNumber: textParam((v) => normalisePassNumber(v).slice(0, 32)),
    // 身分證號 is letters and digits: anything else cannot match and would only bend the prefix range.
    identityNumber: textParam((v) =>
      normaliseIdentity(v)
        .replace(/[^A-Z0-9]/g, '')
        .slice(0, 10),
    ),
    name: textParam((v) => normaliseText(v).slice(0, 50)),
    status: z.catch(z.optional(z.enum(['verified', 'unverified', 'pending'])), undefined),
    sort: z.catch(z.enum(['passNumber', 'validUntil', 'name']), 'passNumber'),
    dir: z.catch(z.enum(['asc', 'desc']), 'asc'),
    /** Keyset pagination: the page after or before a boundary row, or the last page. */
    after: cursorParam,
    before: cursorParam,
    ...positionParams,
  }),
  z.transform((q) => ({
    ...q,
    after: fitsSort(q.after, q.sort),
    before: fitsSort(q.before, q.sort),
  })),
);

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

/** The boundary a row makes for the list's order. */
function cursorOf(
  query: PassListQuery,
  row: { passNumber: string; name: string; validUntil: string },
): PassCursor {
  const value = { passNumber: row.passNumber, name: row.name, validUntil: row.validUntil }[
    query.sort
  ];
  return { value, passNumber: row.passNumber };
}

export async function listPasses(db: Db, companyId: number, query: PassListQuery) {
  const filters = filtersOf(query);
  const request = { companyId, tab: query.tab, filters };
  const pageFrom = (at: PageAt<PassCursor>) =>
    listPassesForCompany(db, {
      ...request,
      sort: query.sort,
      desc: query.dir === 'desc',
      at,
      pageSize: PAGE_SIZE,
    });
  // 已驗證 / 未驗證 / 待驗證 above the list (an applicant's first question is who is not verified
  // yet). Only 最後一頁 needs the total to size itself: any other page is read at the same time
  // as the counts, on another connection (a broad search's two scans then overlap).
  const early = query.last ? null : pageFrom(pageAt(query, null, PAGE_SIZE));
  early?.catch(() => {}); // awaited below; a failure must not go unhandled meanwhile
  const counts = await countPassesByStatus(db, request);
  // With the status filter on, its own count is the list's total.
  const countedTotal = query.status
    ? counts[query.status]
    : counts.verified + counts.unverified + counts.pending;
  const capped = query.status
    ? counts[query.status] > COUNT_CAP
    : Object.values(counts).some((n) => n > COUNT_CAP);
  const total = capped ? null : countedTotal;
  const at = pageAt(query, total, PAGE_SIZE);
  const page = await (early ?? pageFrom(at));
  const position = pageLinks(query, at, total, PAGE_SIZE, page, (row) =>
    encodeCursor(cursorOf(query, row)),
  );
  return {
    rows: page.rows,
    counts,
    /** Null when a count stopped at COUNT_CAP ("more than"). */
    total,
    countCap: COUNT_CAP,
    ...position,
  };
}

/**
 * The current filtered list, all of it, in the list's order: keyset batches of 1,000 rows, so a
 * large company's export streams instead of loading at once. Scoped like the list.
 */
export async function* listAllPasses(db: Db, companyId: number, query: PassListQuery) {
  const filters = filtersOf(query);
  let at: PageAt<PassCursor> = { first: true };
  for (;;) {
    const { rows, hasNext } = await listPassesForCompany(db, {
      companyId,
      tab: query.tab,
      filters,
      sort: query.sort,
      desc: query.dir === 'desc',
      at,
      pageSize: EXPORT_BATCH,
    });
    yield* rows;
    const last = rows.at(-1);
    if (!hasNext || !last) return;
    at = { after: cursorOf(query, last) };
  }
}

export async function getPassDetail(db: Db, companyId: number, passNumber: string) {
  const pass = await findPass(db, {
    companyId,
    passNumber: normalisePassNumber(passNumber),
  });
  if (!pass) return null;
  const history = await listAttemptsForPass(db, { passId: pass.id });
  return {
    ...pass,
    owned: pass.companyId === companyId,
    /** Another company maintains the person record: 修改手機號碼 is not offered (docs/PRODUCT.md, rule 5). */
    maintainedElsewhere: pass.personCompanyId !== null && pass.personCompanyId !== companyId,
    status: computeStatus({ verifiedMobile: pass.verifiedMobile, personMobile: pass.personMobile }),
    history,
  };
}
