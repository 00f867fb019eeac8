import type { Db } from '@/db/client';
import { hitCounters } from '@/db/queries/limits';
import { DAY_MS, windowStart } from '../domain/limits';
import { logger } from '../server/logger';
import { randomShard, refusalBucket, type RefusalLimit } from '@/db/queries/buckets';

/**
 * Counts a refusal for the console's overview: one of its daily counter rows picked at random (no
 * hot row), after the answer and never awaited by it, so the engine's path keeps its round trips.
 */
export function recordRefusal(db: Db, limit: RefusalLimit, now = new Date()): Promise<void> {
  const shard = randomShard();
  return hitCounters(db, [
    { bucket: refusalBucket(limit, shard), windowStart: windowStart(now, DAY_MS) },
  ])
    .then(() => undefined)
    .catch((error: unknown) =>
      logger.warn({ err: (error as Error)?.name, limit }, 'refusal not counted'),
    );
}
