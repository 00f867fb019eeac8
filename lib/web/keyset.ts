import * as z from 'zod/mini';
import type { KeysetPage, PageAt } from '@/db/queries/page';

/** A list's position in its URL: after or before a boundary, the last page, its number. */
export interface PagePosition<Cursor> {
  after?: Cursor;
  before?: Cursor;
  last?: '1';
  /** For display only (unknown after 最後一頁 of a list counted as "more than"). */
  page?: number;
}

/** The URL parameters of a list's position besides its boundaries: 最後一頁, the page's number. */
export const positionParams = {
  last: z.catch(z.optional(z.literal('1')), undefined),
  page: z.catch(
    z.optional(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(1_000_000))),
    undefined,
  ),
};

/** A page's search parameters, each as one string (the first of a repeated one). */
export const firstOfEach = (raw: Record<string, string | string[] | undefined>) =>
  Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));

/** A list's URL: the empty parameters and page 1 left out. */
export function listHref(path: string, params: Record<string, string | number | undefined>) {
  const kept = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== '' && !(k === 'page' && v === 1)) kept.set(k, String(v));
  return `${path}?${kept}`;
}

/** The number of pages, or null for a list counted as "more than" (no total). */
export const pageCount = (total: number | null, pageSize: number) =>
  total === null ? null : Math.max(1, Math.ceil(total / pageSize));

/**
 * The page the URL asks for. 最後一頁 is sized so that page numbers line up with the first page's
 * (the last page holds the remainder) while the count is exact.
 */
export function pageAt<Cursor>(
  position: PagePosition<Cursor>,
  total: number | null,
  pageSize: number,
): PageAt<Cursor> {
  const pages = pageCount(total, pageSize);
  if (position.last)
    return { last: true, lastSize: total && pages ? total - (pages - 1) * pageSize : pageSize };
  if (position.after) return { after: position.after };
  if (position.before) return { before: position.before };
  return { first: true };
}

/**
 * The page's number and the URL changes for 第一頁 / 上一頁 / 下一頁 / 最後一頁 (absent where there
 * is no such page); `boundary` is a row's cursor as the URL carries it.
 */
export function pageLinks<Row>(
  position: PagePosition<unknown>,
  at: PageAt<unknown>,
  total: number | null,
  pageSize: number,
  page: KeysetPage<Row>,
  boundary: (row: Row) => string,
) {
  const pages = pageCount(total, pageSize);
  const number = position.last ? (pages ?? undefined) : 'first' in at ? 1 : position.page;
  const first = page.rows[0];
  const lastRow = page.rows.at(-1);
  return {
    page: number,
    pages,
    links: {
      first: page.hasPrevious ? {} : undefined,
      previous:
        page.hasPrevious && first
          ? { before: boundary(first), page: number && number - 1 }
          : undefined,
      next:
        page.hasNext && lastRow
          ? { after: boundary(lastRow), page: number && number + 1 }
          : undefined,
      last: page.hasNext ? { last: '1' as const } : undefined,
    },
  };
}

export type PageLinks = ReturnType<typeof pageLinks>['links'];
