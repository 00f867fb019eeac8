/**
 * `npm run bench`: measures the production build on a real PostgreSQL server with the log SMS
 * transport and writes docs/BENCHMARKS.md. Every compared figure is a ratio within this run.
 * The report is assembled from one function per section: throughput, statements, pooler,
 * lists, console, weight; then the targets. What it says is in bench/report-text.ts.
 */
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import { startAppServer } from '../tests/support/app-server';
import { startThrowawayPostgres } from '../tests/support/postgres-server';
import { startBaseline } from './baseline';
import { captureVerifyRequests } from './capture';
import { benchConsole } from './console';
import { benchLists } from './lists';
import { watchMachine } from './machine';
import { benchPooler } from './pooler';
import { Report } from './report';
import { writeClosing, writeHeading, writeTargets } from './report-text';
import { APP_ENV, LIMITS, codeReader, createBenchDatabase, holder, tapServerLog } from './setup';
import { benchStatements } from './statements';
import { judgeTargets } from './targets';
import { benchThroughput } from './throughput';
import { benchWeight } from './weight';

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
  const serverLog = tapServerLog();
  const pg = await startThrowawayPostgres({ onLog: serverLog.onLog });
  const stops: Array<() => Promise<void>> = [];
  try {
    const { url, sql } = await createBenchDatabase(pg.url, 'bench', 4);
    stops.push(() => sql.end());
    const app = await startAppServer({ port: 3200, env: { DATABASE_URL: url, ...APP_ENV } });
    stops.push(() => app.stop());
    const baseline = await startBaseline(url, LIMITS);
    stops.push(() => baseline.close());

    const readCode = codeReader(sql);
    // Holders 0 and 1 are the captured requests' own; the load uses others.
    const captured = await captureVerifyRequests(
      app.url,
      { js: holder(0), noJs: holder(1) },
      readCode,
    );

    writeHeading(report, {
      commit: commit(),
      next: readVersion('next'),
      postgres: (await sql`show server_version`)[0]!.server_version as string,
      postgresJs: readVersion('postgres'),
    });
    const throughput = await benchThroughput(report, {
      app: app.url,
      baseline: baseline.url,
      sql,
      captured,
    });
    const statements = await benchStatements(report, {
      app: app.url,
      sql,
      captured,
      readCode,
      readLog: serverLog.read,
    });
    const pooler = await benchPooler(report, { pgUrl: pg.url, databaseUrl: url, captured });
    await app.stop();
    await baseline.close();

    const lists = await benchLists(report, pg.url, serverLog.read);
    await benchConsole(report, pg.url);
    const weights = await benchWeight(report, url);

    writeTargets(report, judgeTargets({ throughput, statements, pooler, lists, weights }));
    writeClosing(report, (Date.now() - started) / 1000, wholeRun.stop());
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => {});
    await pg.stop();
  }
  report.save();
  console.log('\n[bench] wrote docs/BENCHMARKS.md');
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
