import type { Executor } from '@/db/client';
import { hitCounters, readCounters, unhitCounters, type CounterHit } from '@/db/queries/limits';
import { TAIPEI_OFFSET_MS } from './dates';

/** A limit: at most `max` hits per fixed window of `windowMs`. */
export interface Limit {
  name: string;
  key: string;
  max: number;
  windowMs: number;
}

export type LimitOutcome = { ok: true } | { ok: false; limit: string; retryAfter: Date };

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// Day windows start at midnight in Taiwan: "per day" means the local calendar day.
export function windowStart(now: Date, windowMs: number): Date {
  const offset = windowMs === DAY ? TAIPEI_OFFSET_MS : 0;
  return new Date(Math.floor((now.getTime() + offset) / windowMs) * windowMs - offset);
}

/** One limit's counter row for now, and its maximum (for statements that count inline). */
export function limitHit(limit: Limit, now: Date): CounterHit & { max: number } {
  return {
    bucket: `${limit.name}:${limit.key}`,
    windowStart: windowStart(now, limit.windowMs),
    max: limit.max,
  };
}

function toHits(limits: Limit[], now: Date): Array<CounterHit & { limit: Limit }> {
  return limits.map((limit) => ({ ...limitHit(limit, now), limit }));
}

function firstExceeded(
  hits: Array<CounterHit & { limit: Limit }>,
  counts: Map<string, number>,
  allowEqual: boolean,
): LimitOutcome {
  for (const h of hits) {
    const n = counts.get(h.bucket) ?? 0;
    if (allowEqual ? n > h.limit.max : n >= h.limit.max) {
      return {
        ok: false,
        limit: h.limit.name,
        retryAfter: new Date(h.windowStart.getTime() + h.limit.windowMs),
      };
    }
  }
  return { ok: true };
}

/** When a limit's current window ends: the time a refusal names. */
export const windowEnd = (now: Date, windowMs: number): Date =>
  new Date(windowStart(now, windowMs).getTime() + windowMs);

/** Counts a hit against each limit; refused when any is past its maximum. */
export async function consumeLimits(
  db: Executor,
  limits: Limit[],
  now: Date,
): Promise<LimitOutcome> {
  const hits = toHits(limits, now);
  return firstExceeded(hits, await hitCounters(db, hits), true);
}

/** Takes back a hit counted by consumeLimits (a sign-in that turned out right). */
export async function refundLimits(db: Executor, limits: Limit[], now: Date): Promise<void> {
  await unhitCounters(db, toHits(limits, now));
}

/** Refused when any limit is already used up, without counting. */
export async function checkLimits(db: Executor, limits: Limit[], now: Date): Promise<LimitOutcome> {
  const hits = toHits(limits, now);
  return firstExceeded(hits, await readCounters(db, hits), false);
}

export const HOUR_MS = HOUR;
export const DAY_MS = DAY;
