import { sql, type SQL } from 'drizzle-orm';

// The names of the counter rows (rate_counters, lockouts, client_rates) in one place, for the
// statements that write them and the console that reads them, and rowsOf for raw statements.

/** The rows of a raw statement, whichever driver ran it. */
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/**
 * A company's daily send budget, and each refusal's daily count, are spread over this many
 * counter rows, so writers do not queue on one: with 16 connections sending for one company, 16
 * rows made a send wait on another's row about 6 times in 10 (one company ran 10–15% slower than
 * 500 in the bench); 64 make it 2 in 10.
 */
export const COMPANY_DAY_SHARDS = 64;

/** The shard a writer adds to: any one, picked at random. */
export const randomShard = () => Math.floor(Math.random() * COMPANY_DAY_SHARDS);

/** A limit's row: its name and key (`public-ip:<client>`, `signin-account:<login>`, …). */
export const limitBucket = (limit: { name: string; key: string }) => `${limit.name}:${limit.key}`;

/** In SQL: the row of a company's daily budget one shard adds to. */
export const companyDayBucket = (companyId: SQL, shard: number) =>
  sql`'company-day:' || ${companyId} || ':' || ${shard}::int`;

/** In SQL: every shard's row of a company's daily budget, for its sum. */
export const companyDayBuckets = (companyId: SQL) =>
  sql`array(select 'company-day:' || ${companyId} || ':' || g
            from generate_series(0, ${COMPANY_DAY_SHARDS - 1}::int) g)`;

/** The limits whose refusals the console's overview counts. */
export const REFUSAL_LIMITS = ['client-hour', 'pass-day', 'company-day', 'triple-24h'] as const;
export type RefusalLimit = (typeof REFUSAL_LIMITS)[number];

/** A refusal's daily counter row, spread over shards like the company budget (no hot row). */
export const refusalBucket = (limit: RefusalLimit, shard: number) => `refused:${limit}:${shard}`;
