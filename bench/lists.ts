/**
 * The dashboard lists and the public lookup at 10,000, 100,000 and 1,000,000 passes (company 1
 * holding a fifth): p50/p95 of every list request the UI can make, through the same `listPasses`
 * the page calls (status counts and the page's rows), and each one's plans from PostgreSQL's
 * own auto_explain.
 */
import postgres from 'postgres';
import { openDatabase } from '../db/client';
import { findPass } from '../db/queries/passes';
import { listPasses, passListQuerySchema } from '../lib/domain/passes';
import { createDatabase } from '../tests/support/databases';
import { fillPort } from './fill';
import { ms, pct, type Report } from './report';
import type { LogReader } from './setup';

const SIZES = [10_000, 100_000, 1_000_000];

/** What an applicant asks of the list: every order, filter and page position the UI offers. */
const REQUESTS: Record<string, Record<string, string>> = {
  'owned, first page': {},
  'owned, 最後一頁': { last: '1' },
  'owned, 下一頁': { next: '1' },
  'owned, 姓名 order': { sort: 'name' },
  'owned, 期限迄日 descending': { sort: 'validUntil', dir: 'desc' },
  'owned, 待驗證': { status: 'pending' },
  'owned, 已驗證 by 姓名': { status: 'verified', sort: 'name' },
  'owned, 通行證號 contains 5 digits': { passNumber: '00012' },
  'owned, 身分證號 prefix': { identityNumber: 'P00001' },
  'owned, 姓名 full name': { name: '林志明' },
  'owned, 姓名 two characters': { name: '美玲' },
  'maintained, first page': { tab: 'maintained' },
  'maintained, 待驗證': { tab: 'maintained', status: 'pending' },
  'maintained, 姓名 one character': { tab: 'maintained', name: '陳' },
};

/** Terms matching thousands of the company's passes: measured and shown, outside the target. */
const BROAD: Record<string, Record<string, string>> = {
  'owned, 姓名 one common character (3% of passes)': { name: '陳' },
  'owned, romanised family name (4%)': { name: 'nguyen' },
  'owned, 通行證號 contains 2 digits': { passNumber: '12' },
  'owned, 身分證號 one letter (all)': { identityNumber: 'P' },
};

type Timing = { p50: number; p95: number };

export async function benchLists(
  report: Report,
  serverUrl: string,
  collectLog: LogReader,
): Promise<{ worstP95: number; worstGrowth: number; plansOk: boolean }> {
  report.log();
  report.log(
    '## The dashboard lists and the public lookup at 10,000, 100,000 and 1,000,000 passes',
  );
  report.log();
  const scale: Record<number, Record<string, Timing>> = {};
  const plans: Record<string, string> = {};
  let plansOk = true;
  const fillSeconds: Record<number, number> = {};
  for (const size of SIZES) {
    const db = await createDatabase(serverUrl, `scale${size}`);
    const h = await openDatabase({ kind: 'postgres', url: db.url, max: 2 });
    await h.migrate();
    const s = postgres(db.url, { max: 1, onnotice: () => {} });
    const t0 = Date.now();
    await fillPort(s, { passes: size, attemptsPerPass: 1 });
    // A deployment's autovacuum would have done this within minutes of a bulk load.
    await s`vacuum analyze`;
    fillSeconds[size] = (Date.now() - t0) / 1000;

    const runs = size === 1_000_000 ? 100 : 200;
    const timings: Record<string, Timing> = {};
    const measure = async (name: string, request: Record<string, string>) => {
      const { next, ...params } = request;
      let query = passListQuerySchema.parse(params);
      if (next) {
        const first = await listPasses(h.db, 1, query);
        query = passListQuerySchema.parse({ ...params, ...first.links.next });
      }
      const times: number[] = [];
      for (let i = 0; i < runs; i++) {
        const t = performance.now();
        await listPasses(h.db, 1, query);
        times.push(performance.now() - t);
      }
      times.sort((x, y) => x - y);
      timings[name] = { p50: pct(times, 50), p95: pct(times, 95) };
      if (size === 1_000_000) plans[name] = await planOf(db.url, query, collectLog);
    };
    for (const [name, request] of Object.entries({ ...REQUESTS, ...BROAD }))
      await measure(name, request);

    const lookups: number[] = [];
    for (let i = 0; i < runs; i++) {
      const n = String(1 + ((i * 7919) % size)).padStart(9, '0');
      const t = performance.now();
      await findPass(h.db, { passNumber: `KHPS${n}`, companyId: null });
      lookups.push(performance.now() - t);
    }
    lookups.sort((x, y) => x - y);
    timings['public lookup'] = { p50: pct(lookups, 50), p95: pct(lookups, 95) };
    scale[size] = timings;
    await s.end();
    await h.close();
  }

  report.log(
    `p50 / p95 in ms of one list request (the status counts and the page's rows, as the page asks for them) through \`listPasses\`, 200 runs each (100 at 1M), for company 1, which holds a fifth of all passes (200,000 at 1M). Loading took ${SIZES.map((n) => `${fillSeconds[n]!.toFixed(0)} s`).join(' / ')}. Counts stop at 10,000 (shown "10,000+").`,
  );
  report.log();
  report.log('| request | 10k p50 | 10k p95 | 100k p95 | 1M p50 | 1M p95 | growth 10k→1M (p95) |');
  report.log('|---|---|---|---|---|---|---|');
  let worstP95 = 0;
  let worstGrowth = 0;
  for (const key of Object.keys(scale[SIZES[0]!]!)) {
    const [a, b, c] = SIZES.map((n) => scale[n]![key]!) as [Timing, Timing, Timing];
    const growth = c.p95 / Math.max(a.p95, 0.01);
    if (key in REQUESTS) {
      worstP95 = Math.max(worstP95, c.p95);
      worstGrowth = Math.max(worstGrowth, growth);
    }
    const label = key in BROAD ? `${key} *(broad term)*` : key;
    report.log(
      `| ${label} | ${ms(a.p50)} | ${ms(a.p95)} | ${ms(b.p95)} | ${ms(c.p50)} | ${ms(c.p95)} | ${growth.toFixed(2)}× |`,
    );
  }
  report.log();
  report.log(
    'Plans at 1M (auto_explain of every statement of the request; the indexes each one read):',
  );
  report.log();
  for (const [name, plan] of Object.entries(plans)) {
    if (/Seq Scan on (passes|persons)\b/.test(plan) && name in REQUESTS) plansOk = false;
    report.log(`- ${name}: ${plan}`);
  }
  return { worstP95, worstGrowth, plansOk };
}

/** The access paths of one list request's statements, from auto_explain in the server log. */
async function planOf(
  url: string,
  query: ReturnType<typeof passListQuerySchema.parse>,
  collectLog: LogReader,
): Promise<string> {
  const h = await openDatabase({ kind: 'postgres', url, max: 1 });
  const lines: string[] = [];
  try {
    const { sql } = await import('drizzle-orm');
    await h.db.execute(sql`load 'auto_explain'`);
    await h.db.execute(sql`set auto_explain.log_min_duration = 0`);
    await h.db.execute(sql`set auto_explain.log_nested_statements = on`);
    collectLog((line) => lines.push(line));
    await listPasses(h.db, 1, query);
    await new Promise((r) => setTimeout(r, 300));
  } finally {
    collectLog(null);
    await h.close();
  }
  const paths = new Set<string>();
  for (const m of lines
    .join('\n')
    .matchAll(
      /(Seq Scan on \w+|Index Only Scan using \w+|Index Scan(?: Backward)? using \w+|Bitmap Index Scan on \w+)/g,
    ))
    paths.add(m[1]!.replace(/ using | on /, ' '));
  return [...paths].join(', ') || '(no plan logged)';
}
