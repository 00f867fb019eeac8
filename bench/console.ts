/**
 * The operator console's overview at 1,000,000 attempts: p50/p95 of each of its queries through
 * the functions the page calls, the first roll-up of the period, and each statement's plan.
 */
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import type { Db } from '../db/client';
import { openDatabase } from '../db/client';
import {
  attemptStats,
  listCompanyVerification,
  rollUpDays,
  sumCounters,
} from '../db/queries/console';
import * as schema from '../db/schema';
import { COMPANY_DAY_SHARDS, REFUSAL_LIMITS, refusalBucket } from '../db/queries/buckets';
import { loadOverview } from '../lib/console/overview';
import { addDays, taipeiDate } from '../lib/values/dates';
import { DAY_MS, dayStart } from '../lib/domain/limits';
import { createDatabase } from '../tests/support/databases';
import { ms, pct, type Report } from './report';

const ATTEMPTS = 1_000_000;
const PASSES = 100_000;
const COMPANIES = 500;
const RUNS = 100;

export async function benchConsole(
  report: Report,
  serverUrl: string,
): Promise<{ worstP95: number; overviewP95: number }> {
  report.log();
  report.log(`## The operator console's overview at ${ATTEMPTS.toLocaleString('en')} attempts`);
  report.log();
  const created = await createDatabase(serverUrl, 'console');
  const migrator = await openDatabase({ kind: 'postgres', url: created.url, max: 2 });
  await migrator.migrate();
  await migrator.close();
  const s = postgres(created.url, { max: 1, onnotice: () => {} });

  // 500 companies, 100,000 current passes (half with a person record), 1,000,000 attempts over
  // the last 180 days — 3% of them today, still live — with the states of a working service.
  const filled = performance.now();
  await s`insert into companies (tax_id, name) select lpad(i::text, 8, '0'), 'Company ' || i from generate_series(1, ${COMPANIES}) i`;
  await s`insert into persons (identity_number, name, mobile, company_id)
    select 'P' || lpad(i::text, 9, '0'), 'Person ' || i, '09' || lpad(i::text, 8, '0'), (i % ${COMPANIES}) + 1
    from generate_series(1, ${PASSES / 2}) i`;
  await s`insert into passes (pass_number, holder_identity_number, holder_name, company_id, valid_from, valid_until, verified_mobile, verified_at)
    select 'KHPS' || lpad(i::text, 9, '0'), 'P' || lpad(i::text, 9, '0'), 'Person ' || i, (i % ${COMPANIES}) + 1,
      current_date - 30, current_date + 300,
      case when i % 3 = 0 then '09' || lpad(i::text, 8, '0') end, case when i % 3 = 0 then now() end
    from generate_series(1, ${PASSES}) i`;
  await s`insert into verification_attempts (id, pass_id, identity_number, mobile, channel, account_id, code_hash, state, sent_at, expires_at, resolved_at, provider_error)
    select gen_random_uuid(), (i % ${PASSES}) + 1, 'P' || lpad(((i % ${PASSES}) + 1)::text, 9, '0'),
      '09' || lpad(((i % ${PASSES}) + 1)::text, 8, '0'), 'public', null, md5(i::text) || md5(i::text),
      (case when i % 20 = 0 then 'send-failed' when i % 10 < 7 then 'verified' when i % 10 = 7 then 'sent' else 'expired' end)::attempt_state,
      at, at + interval '1 day',
      case when i % 20 <> 0 and i % 10 < 7 then at + (i % 30) * interval '1 hour' end,
      case when i % 20 = 0 then (array['throttled','rejected','unavailable','timeout'])[(i / 20) % 4 + 1] || ': bench' end
    from (select i, case when i % 33 = 0 then now() - (i % 600) * interval '1 minute'
                         else now() - (i % 180) * interval '1 day' - (i % 1440) * interval '1 minute' end as at
          from generate_series(1, ${ATTEMPTS}) i) g
    order by at`;
  const todayStart = dayStart(new Date());
  await s`insert into rate_counters (bucket, window_start, hits)
    select 'company-day:' || c || ':' || g, ${todayStart}, 3 from generate_series(1, ${COMPANIES}) c, generate_series(0, ${COMPANY_DAY_SHARDS - 1}) g`;
  for (const limit of REFUSAL_LIMITS)
    await s`insert into rate_counters (bucket, window_start, hits)
      select ${refusalBucket(limit, 0)}, ${todayStart}::timestamptz - d * interval '1 day', 5 from generate_series(0, 29) d
      on conflict do nothing`;
  await s`vacuum analyze`;
  report.log(
    `Filled in ${((performance.now() - filled) / 1000).toFixed(0)} s: ${COMPANIES} companies, ${PASSES.toLocaleString('en')} current passes, ${ATTEMPTS.toLocaleString('en')} attempts over 180 days (3% today), inserted in time order as a running service writes them, period 30 days.`,
  );

  // A Drizzle client that records each statement, so that its plan can be shown as run.
  const statements: Array<{ query: string; params: unknown[] }> = [];
  let recording = false;
  const client = postgres(created.url, {
    max: 4,
    onnotice: () => {},
    debug: (_connection, query, params) => {
      if (recording) statements.push({ query, params: params as unknown[] });
    },
  });
  const db = drizzle({ client, schema }) as unknown as Db;

  const now = new Date();
  const today = taipeiDate(now);
  const from = addDays(today, -29);
  const closedUntil = addDays(taipeiDate(new Date(now.getTime() - DAY_MS)), -1);
  const liveFrom = addDays(closedUntil, 1);

  const t0 = performance.now();
  await rollUpDays(db, { from, until: closedUntil });
  const firstRollUp = performance.now() - t0;

  const queries: Array<[string, () => Promise<unknown>]> = [
    ['roll-up check (days already rolled up)', () => rollUpDays(db, { from, until: closedUntil })],
    [
      'attempts by day, channel, state (roll-up + live days)',
      () => attemptStats(db, { from, liveFrom }),
    ],
    [
      'refusals by limit (daily counters)',
      () =>
        sumCounters(db, {
          buckets: REFUSAL_LIMITS.flatMap((l) =>
            Array.from({ length: COMPANY_DAY_SHARDS }, (_, i) => refusalBucket(l, i)),
          ),
          since: new Date(todayStart.getTime() - 29 * DAY_MS),
        }),
    ],
    [
      'current passes by status and by company, sends today',
      () => listCompanyVerification(db, { today, dayStart: todayStart, limit: 500 }),
    ],
    [
      'the whole overview (the above, as the page runs them)',
      () => loadOverview(db, { days: 30, now, codeTtlHours: 24, dailyBudget: 500 }),
    ],
  ];
  const rows: Array<Array<string | number>> = [];
  let worstP95 = 0;
  let overviewP95 = 0;
  const plans: string[] = [];
  for (const [name, run] of queries) {
    for (let i = 0; i < 5; i++) await run(); // warm: prepared statements, caches
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const start = performance.now();
      await run();
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    const p95 = pct(times, 95);
    if (name.startsWith('the whole')) overviewP95 = p95;
    else worstP95 = Math.max(worstP95, p95);
    rows.push([name, ms(pct(times, 50)), ms(p95)]);
    if (!name.startsWith('the whole')) {
      statements.length = 0;
      recording = true;
      await run();
      recording = false;
      for (const st of statements) {
        const plan = await s.unsafe(
          `explain (analyze, costs off, timing off, summary on) ${st.query}`,
          st.params as never[],
        );
        plans.push(`-- ${name}\n${plan.map((r) => Object.values(r)[0]).join('\n')}`);
      }
    }
  }
  report.table(['query', 'p50 ms', 'p95 ms'], rows);
  report.log();
  report.log(
    `The first overview of the period also rolled up its ${28} closed days once: ${ms(firstRollUp)} ms (one statement; later overviews find them rolled up). Target: every query p95 < 100 ms — ${worstP95 < 100 ? 'met' : 'missed'} (worst ${ms(worstP95)} ms; the whole page's queries ${ms(overviewP95)} ms).`,
  );
  report.log();
  report.log('<details><summary>Plans (EXPLAIN ANALYZE)</summary>');
  report.log();
  report.log('```');
  for (const p of plans) report.log(p);
  report.log('```');
  report.log();
  report.log('</details>');
  await client.end();
  await s.end();
  return { worstP95, overviewP95 };
}
