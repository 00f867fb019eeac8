import type { Db } from '@/db/client';
import { hitCounter } from '@/db/queries/limits';
import { dayStart } from '../domain/limits';
import { logger } from '../server/logger';
import { randomShard, refusalBucket, type RefusalLimit } from '@/db/queries/buckets';

/**
 * Counts a refusal for the console's overview: one of its daily counter rows picked at random (no
 * hot row). Never awaited by the engine, so its answer does not wait for this write.
 */
export function recordRefusal(db: Db, limit: RefusalLimit): Promise<void> {
  return hitCounter(db, {
    bucket: refusalBucket(limit, randomShard()),
    windowStart: dayStart(new Date()),
  }).catch((error: unknown) =>
    logger.warn({ err: (error as Error)?.name, limit }, 'refusal not counted'),
  );
}
