/** Keyset pages, as the dashboard's lists read them (passes.ts, persons.ts). */

/** Which page to read: the first, the one after or before a boundary row, or the last. */
export type PageAt<Cursor> =
  { first: true } | { after: Cursor } | { before: Cursor } | { last: true; lastSize: number };

/** A page of rows, and whether rows lie before and after it. */
export interface KeysetPage<Row> {
  rows: Row[];
  hasPrevious: boolean;
  hasNext: boolean;
}

/** Counts are exact up to here and "more than" above: each stops after this many rows. */
export const COUNT_CAP = 10_000;

/** Whether `at` reads the order backwards (上一頁 and 最後一頁 read towards the start). */
export const readsBackwards = (at: PageAt<unknown>) => 'before' in at || 'last' in at;

/**
 * A page from `fetched`, the rows read in `at`'s direction with one more than `limit` asked for:
 * that extra row tells whether the list goes on.
 */
export function keysetPage<Row>(
  at: PageAt<unknown>,
  fetched: Row[],
  limit: number,
): KeysetPage<Row> {
  const backwards = readsBackwards(at);
  const more = fetched.length > limit;
  const rows = fetched.slice(0, limit);
  if (backwards) rows.reverse();
  return {
    rows,
    hasPrevious: backwards ? more : 'after' in at,
    hasNext: backwards ? 'before' in at : more,
  };
}
