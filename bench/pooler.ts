/**
 * Two app instances behind PgBouncer (transaction pooling) on one PostgreSQL, issuing for passes
 * of 500 companies at once: that the pooled deployment works, not its throughput.
 */
import { startAppServer, type AppServer } from '../tests/support/app-server';
import { findPgBouncer, startPgBouncer } from '../tests/support/pgbouncer';
import type { VerifyRequests } from './capture';
import { load, pool, replay } from './load';
import type { Report } from './report';
import { writePooler } from './report-text';
import { APP_ENV, SPREAD } from './setup';

export type Pooler = Awaited<ReturnType<typeof benchPooler>>;

interface Context {
  pgUrl: string;
  databaseUrl: string;
  captured: VerifyRequests;
}

export async function benchPooler(report: Report, ctx: Context) {
  // Skipped (null) where PgBouncer is not installed.
  const result = findPgBouncer() ? await measure(ctx) : null;
  writePooler(report, result);
  return result;
}

async function measure(ctx: Context) {
  const bouncer = await startPgBouncer(ctx.pgUrl, { poolSize: 20 });
  const apps: AppServer[] = [];
  try {
    for (const port of [3210, 3211]) {
      apps.push(
        await startAppServer({
          port,
          env: {
            DATABASE_URL: bouncer.via(ctx.databaseUrl),
            DATABASE_PREPARE: 'false',
            ...APP_ENV,
          },
        }),
      );
    }
    // The last holders of the spread: the throughput runs hand theirs out from the first.
    const holders = pool({ first: SPREAD.first + SPREAD.count - 20_000, count: 20_000 });
    const [a, b] = await Promise.all(
      apps.map((app) =>
        load(app.url, 8, () => replay(ctx.captured.issue, { ...holders() }, app.url)),
      ),
    );
    return {
      rps: a!.rps + b!.rps,
      p50: Math.max(a!.p50, b!.p50),
      p99: Math.max(a!.p99, b!.p99),
      errors: a!.errors + b!.errors,
    };
  } finally {
    for (const app of apps) await app.stop();
    await bouncer.stop();
  }
}
