import type { Db } from '@/db/client';
import {
  attemptStats,
  listCompanyVerification,
  rollUpDays,
  sumCounters,
} from '@/db/queries/console';
import {
  COMPANY_DAY_SHARDS,
  refusalBucket,
  REFUSAL_LIMITS,
  type RefusalLimit,
} from '@/db/queries/buckets';
import type { AttemptChannel } from '@/db/schema';
import { addDays, taipeiDate } from '../values/dates';
import { DAY_MS, dayStart } from '../domain/limits';
import type { VerificationStatus } from '../verification/status';

/** The company table's rows: the companies with the most current passes. */
const COMPANY_ROWS = 500;

export interface Overview {
  from: string;
  today: string;
  days: string[];
  sentPerDay: Array<{ day: string } & Record<AttemptChannel, number>>;
  funnel: { sent: number; verified: number; verifiedWithin24h: number };
  failures: Array<{ kind: string; count: number }>;
  refusals: Array<{ limit: RefusalLimit; count: number }>;
  passStatus: Record<VerificationStatus, number>;
  companies: Awaited<ReturnType<typeof listCompanyVerification>>['companies'];
  dailyBudget: number;
}

/**
 * The console's overview of the `days` days up to today (Taiwan). A day is rolled up once all its
 * codes have expired (`codeTtlHours` after its end, at least 24 h for the funnel's 24-hour share);
 * the days after that are counted live from the attempts.
 */
export async function loadOverview(
  db: Db,
  input: { days: number; now?: Date; codeTtlHours: number; dailyBudget: number },
): Promise<Overview> {
  const now = input.now ?? new Date();
  const today = taipeiDate(now);
  const from = addDays(today, -(input.days - 1));
  const settleMs = Math.max(input.codeTtlHours, 24) * 3_600_000;
  const closedUntil = addDays(taipeiDate(new Date(now.getTime() - settleMs)), -1);
  await rollUpDays(db, { from, until: closedUntil });
  const liveFrom = closedUntil >= from ? addDays(closedUntil, 1) : from;
  const todayStart = dayStart(now);
  const periodStart = new Date(todayStart.getTime() - (input.days - 1) * DAY_MS);
  const buckets = REFUSAL_LIMITS.flatMap((limit) =>
    Array.from({ length: COMPANY_DAY_SHARDS }, (_, shard) => refusalBucket(limit, shard)),
  );

  const [stats, refusalHits, current] = await Promise.all([
    attemptStats(db, { from, liveFrom }),
    sumCounters(db, { buckets, since: periodStart }),
    listCompanyVerification(db, { today, dayStart: todayStart, limit: COMPANY_ROWS }),
  ]);

  const days = Array.from({ length: input.days }, (_, i) => addDays(from, i));
  const perDay = new Map(days.map((day) => [day, { day, public: 0, applicant: 0 }]));
  const funnel = { sent: 0, verified: 0, verifiedWithin24h: 0 };
  const failures = new Map<string, number>();
  for (const row of stats) {
    if (row.state === 'send-failed') {
      const kind = row.failureKind || 'unknown';
      failures.set(kind, (failures.get(kind) ?? 0) + row.attempts);
      continue;
    }
    const day = perDay.get(row.day);
    if (day) day[row.channel] += row.attempts;
    funnel.sent += row.attempts;
    if (row.state === 'verified') funnel.verified += row.attempts;
    funnel.verifiedWithin24h += row.verifiedWithin24h;
  }
  const refusals = REFUSAL_LIMITS.map((limit) => ({
    limit,
    count: Array.from(
      { length: COMPANY_DAY_SHARDS },
      (_, shard) => refusalHits.get(refusalBucket(limit, shard)) ?? 0,
    ).reduce((a, b) => a + b, 0),
  }));

  return {
    from,
    today,
    days,
    sentPerDay: [...perDay.values()],
    funnel,
    failures: [...failures].map(([kind, count]) => ({ kind, count })),
    refusals,
    passStatus: current.status,
    companies: current.companies,
    dailyBudget: input.dailyBudget,
  };
}
