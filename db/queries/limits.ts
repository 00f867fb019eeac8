import 'server-only';
import { and, eq, lt, or, sql } from 'drizzle-orm';
import type { Executor } from '../client';
import { rateCounters } from '../schema';

export interface CounterHit {
  bucket: string;
  windowStart: Date;
}

/**
 * Counts one hit in each bucket with one atomic upsert, so every app instance sharing the
 * database sees the same totals. Returns each bucket's count after this hit.
 */
export async function hitCounters(db: Executor, hits: CounterHit[]): Promise<Map<string, number>> {
  if (hits.length === 0) return new Map();
  const rows = await db
    .insert(rateCounters)
    .values(hits.map((h) => ({ bucket: h.bucket, windowStart: h.windowStart, hits: 1 })))
    .onConflictDoUpdate({
      target: [rateCounters.bucket, rateCounters.windowStart],
      set: { hits: sql`${rateCounters.hits} + 1` },
    })
    .returning({ bucket: rateCounters.bucket, hits: rateCounters.hits });
  return new Map(rows.map((r) => [r.bucket, r.hits]));
}

/** Takes one hit back from each bucket (never below zero). */
export async function unhitCounters(db: Executor, hits: CounterHit[]): Promise<void> {
  if (hits.length === 0) return;
  await db
    .update(rateCounters)
    .set({ hits: sql`greatest(${rateCounters.hits} - 1, 0)` })
    .where(
      or(
        ...hits.map((h) =>
          and(eq(rateCounters.bucket, h.bucket), eq(rateCounters.windowStart, h.windowStart)),
        ),
      ),
    );
}

/** Data minimisation: counters name clients; windows that ended before the cut-off go. */
export async function purgeCounters(db: Executor, input: { before: Date }): Promise<number> {
  const rows = await db
    .delete(rateCounters)
    .where(lt(rateCounters.windowStart, input.before))
    .returning({ bucket: rateCounters.bucket });
  return rows.length;
}

/** Current counts without counting (sign-in checks the lock before trying the password). */
export async function readCounters(db: Executor, hits: CounterHit[]): Promise<Map<string, number>> {
  if (hits.length === 0) return new Map();
  // Only the current windows: old windows of the same buckets are never read.
  const rows = await db
    .select({ bucket: rateCounters.bucket, hits: rateCounters.hits })
    .from(rateCounters)
    .where(
      or(
        ...hits.map((h) =>
          and(eq(rateCounters.bucket, h.bucket), eq(rateCounters.windowStart, h.windowStart)),
        ),
      ),
    );
  return new Map(rows.map((r) => [r.bucket, r.hits]));
}
