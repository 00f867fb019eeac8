import type { Executor } from '@/db/client';
import {
  countLockoutTry,
  refundLockoutTry,
  type LockoutHit,
  type RateHit,
} from '@/db/queries/limits';
import { limitBucket } from '@/db/queries/buckets';
import { clientKey } from '../web/client-ip';
import { TAIPEI_OFFSET_MS } from '../values/dates';

/**
 * An abuse limit over a sliding window: at most `max` in any `windowMs`, never reset by a clock
 * boundary. Lockouts (sign-in, the second factor) keep the tries themselves; request rates
 * (public forms per client) are a token bucket (GCRA). Both are one row per key in PostgreSQL.
 */
export interface Limit {
  name: string;
  key: string;
  max: number;
  windowMs: number;
}

export type LimitOutcome = { ok: true } | { ok: false; limit: string; retryAfter: Date };

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * A per-client limit: whatever form the address came in, an IPv6 /64 counts as one client and
 * an IPv4-mapped IPv6 address as its IPv4 client (lib/web/client-ip.ts, clientKey).
 */
export function perClient(
  name: string,
  ip: string,
  limit: { max: number; windowMs: number },
): Limit {
  return { name, key: clientKey(ip), ...limit };
}

const lockoutHits = (limits: Limit[]): LockoutHit[] =>
  limits.map((l) => ({ bucket: limitBucket(l), maxTries: l.max, windowMs: l.windowMs }));

/**
 * Counts a try against lockouts (sign-in, the second factor) in one statement, before the secret
 * is checked: refused while a lock runs or `max` tries of the last `windowMs` are counted; the
 * try that makes `max` locks for `windowMs` from its own instant. Refused: the latest time any
 * refusing lockout allows a try again.
 */
export async function countTry(db: Executor, limits: Limit[], now: Date): Promise<LimitOutcome> {
  const verdicts = await countLockoutTry(db, lockoutHits(limits), now);
  let refusal: LimitOutcome = { ok: true };
  for (const limit of limits) {
    const verdict = verdicts.find((v) => v.bucket === limitBucket(limit));
    if (!verdict?.refused) continue;
    if (refusal.ok || verdict.retryAfter > refusal.retryAfter)
      refusal = { ok: false, limit: limit.name, retryAfter: verdict.retryAfter };
  }
  return refusal;
}

/** Takes back a try counted by countTry at `now` (the secret was right), and any lock it began. */
export async function refundTry(db: Executor, limits: Limit[], now: Date): Promise<void> {
  await refundLockoutTry(db, limits.map(limitBucket), now);
}

/** A request rate's row, for the statements that count it inline (the public forms). */
export function rateHit(limit: Limit): RateHit {
  return { bucket: limitBucket(limit), max: limit.max, windowMs: limit.windowMs };
}

/**
 * Day budgets (sends per pass and per company, and the console's daily figures) are per Taiwan
 * calendar day, as the manual's "每日" reads: the day starts at midnight in Taiwan.
 */
export function dayStart(now: Date): Date {
  return new Date(Math.floor((now.getTime() + TAIPEI_OFFSET_MS) / DAY) * DAY - TAIPEI_OFFSET_MS);
}

/** When a day budget's current day ends: the time its refusal names. */
export const dayEnd = (now: Date): Date => new Date(dayStart(now).getTime() + DAY);

export const HOUR_MS = HOUR;
export const DAY_MS = DAY;
