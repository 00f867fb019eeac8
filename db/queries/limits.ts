import 'server-only';
import { lt, sql } from 'drizzle-orm';
import type { Executor } from '../client';
import { rateCounters } from '../schema';
import { rowsOf } from './buckets';

/**
 * Counts one hit of a daily counter (the console's refusals by limit) with one atomic upsert, so
 * every app instance sharing the database sees the same totals. The company's send budget is
 * counted inline by the statements that send (db/queries/verification.ts).
 */
export async function hitCounter(db: Executor, hit: { bucket: string; windowStart: Date }) {
  await db
    .insert(rateCounters)
    .values({ ...hit, hits: 1 })
    .onConflictDoUpdate({
      target: [rateCounters.bucket, rateCounters.windowStart],
      set: { hits: sql`${rateCounters.hits} + 1` },
    });
}

const iso = (d: Date) => d.toISOString();
const ms = (n: number) => sql`(${n}::float8 * interval '1 millisecond')`;

/** A lockout to count a try against: at most `maxTries` tries within any `windowMs`. */
export interface LockoutHit {
  bucket: string;
  maxTries: number;
  windowMs: number;
}

/** A lockout's answer to one try: counted, or refused until `retryAfter`. */
export type LockoutVerdict =
  { bucket: string; refused: false } | { bucket: string; refused: true; retryAfter: Date };

/**
 * Counts a try against each lockout, in one statement (sliding windows, no clock boundary):
 * a lockout refuses while its lock runs, or while it already holds `maxTries` tries of the last
 * `windowMs`; otherwise it keeps the try, and the try that makes `maxTries` within the window
 * begins a lock of `windowMs` from its own instant. A refused try is not kept. Each lockout is
 * one row, locked in bucket order for the length of this statement only, so concurrent tries
 * queue on their own key and never deadlock; every instance sharing the database sees the same.
 */
export async function countLockoutTry(
  db: Executor,
  hits: LockoutHit[],
  now: Date,
): Promise<LockoutVerdict[]> {
  if (hits.length === 0) return [];
  const at = sql`${iso(now)}::timestamptz`;
  const window = sql`(excluded.window_ms::float8 * interval '1 millisecond')`;
  // The tries still inside the window, oldest first (kept sorted: instances' clocks may differ).
  const recent = sql`array(select t from unnest(l.tries) t where t > ${at} - ${window} order by t)`;
  const blocked = sql`(coalesce(l.locked_until > ${at}, false) or cardinality(${recent}) >= excluded.max_tries)`;
  const values = sql.join(
    hits.map((h) => sql`(${h.bucket}::text, ${h.maxTries}::int, ${h.windowMs}::int)`),
    sql`, `,
  );
  const result = await db.execute(sql`
    insert into lockouts as l (bucket, tries, locked_until, max_tries, window_ms, refused)
    select v.bucket, array[${at}], case when v.max_tries <= 1 then ${at} + v.window_ms::float8 * interval '1 millisecond' end,
      v.max_tries, v.window_ms, false
    from (values ${values}) v(bucket, max_tries, window_ms)
    order by v.bucket
    on conflict (bucket) do update set
      refused = ${blocked},
      tries = case when ${blocked} then ${recent}
        else array(select t from unnest(${recent} || ${at}) t order by t) end,
      locked_until = case
        when ${blocked} then l.locked_until
        when cardinality(${recent}) + 1 >= excluded.max_tries then ${at} + ${window}
        else l.locked_until end,
      max_tries = excluded.max_tries,
      window_ms = excluded.window_ms
    returning bucket, refused,
      extract(epoch from case
        when locked_until > ${at} then locked_until
        else tries[cardinality(tries) - max_tries + 1] + window_ms::float8 * interval '1 millisecond' end) * 1000 as retry_after_ms`);
  return rowsOf<{ bucket: string; refused: boolean; retry_after_ms: number | string | null }>(
    result,
  ).map((r) =>
    r.refused
      ? {
          bucket: r.bucket,
          refused: true,
          // A lock, else the instant the oldest counted try leaves the window.
          retryAfter: new Date(Number(r.retry_after_ms ?? now.getTime())),
        }
      : { bucket: r.bucket, refused: false },
  );
}

/**
 * Takes back the try counted at `now` (a right password or code), and the lock it began if any:
 * one statement, the rows locked in bucket order as countLockoutTry locks them.
 */
export async function refundLockoutTry(db: Executor, buckets: string[], now: Date): Promise<void> {
  if (buckets.length === 0) return;
  const at = sql`${iso(now)}::timestamptz`;
  const list = sql.join(
    buckets.map((b) => sql`${b}::text`),
    sql`, `,
  );
  await db.execute(sql`
    update lockouts l set
      tries = l.tries[:array_position(l.tries, ${at}) - 1] || l.tries[array_position(l.tries, ${at}) + 1:],
      locked_until = case
        when l.locked_until = ${at} + l.window_ms::float8 * interval '1 millisecond' then null
        else l.locked_until end
    from (select bucket from lockouts where bucket in (${list}) order by bucket for update) mine
    where l.bucket = mine.bucket and ${at} = any(l.tries)`);
}

/** A request counted against a client's rate: at most `max` at once, refilled over `windowMs`. */
export interface RateHit {
  bucket: string;
  max: number;
  windowMs: number;
}

/**
 * The CTE `client_hit` that counts one request against a client's rate (GCRA): a request
 * conforms while the client's theoretical arrival time is at most `windowMs - windowMs / max`
 * ahead of now; a conforming one moves it `windowMs / max` on, a refused one leaves it.
 * `client_hit.refused` and `client_hit.retry_after` (when a request would conform again) answer. One row per client, locked only
 * for the length of that client's own statement; null when nothing is counted (no row).
 */
export function clientRateCte(hit: RateHit | null, now: Date) {
  if (!hit)
    return sql`client_hit as (select false as refused, null::timestamptz as retry_after where false)`;
  const at = sql`${iso(now)}::timestamptz`;
  const emission = ms(hit.windowMs / hit.max);
  const tolerance = ms(hit.windowMs - hit.windowMs / hit.max);
  const late = sql`(greatest(cr.tat, ${at}) > ${at} + ${tolerance})`;
  return sql`client_hit as (
    insert into client_rates as cr (bucket, tat, refused)
    values (${hit.bucket}::text, ${at} + ${emission}, false)
    on conflict (bucket) do update set
      refused = ${late},
      tat = case when ${late} then cr.tat else greatest(cr.tat, ${at}) + ${emission} end
    returning refused, tat - ${tolerance} as retry_after
  )`;
}

/**
 * Data minimisation: counters and limits name clients. Daily counters of days before the cut-off,
 * lockouts whose window and lock ended before it, and rates idle since before it go.
 */
export async function purgeCounters(db: Executor, input: { before: Date }): Promise<number> {
  const counters = await db
    .delete(rateCounters)
    .where(lt(rateCounters.windowStart, input.before))
    .returning({ bucket: rateCounters.bucket });
  const before = sql`${iso(input.before)}::timestamptz`;
  const ended = await db.execute(sql`
    with l as (
      delete from lockouts
      where coalesce(locked_until, '-infinity') < ${before}
        and coalesce(tries[cardinality(tries)], '-infinity') + window_ms::float8 * interval '1 millisecond' < ${before}
      returning 1
    ),
    r as (delete from client_rates where tat < ${before} returning 1)
    select (select count(*) from l)::int + (select count(*) from r)::int as n`);
  return counters.length + Number(rowsOf<{ n: number }>(ended)[0]?.n ?? 0);
}
