/**
 * `npx tsx --conditions=react-server bench/profile.ts`: where `next start` spends its CPU on the
 * public send, beyond the floor. The production build runs under `node --cpu-prof` three times,
 * each under one load after a warm-up: `GET /api/health` (the floor), the server action refused
 * by its schema (the action path without database work) and the server action's issue. Each
 * profile's samples of the measured window are mapped through the build's source maps to the
 * package (or our file) they ran in, and compared as CPU milliseconds per request.
 *
 * Prints Markdown; nothing is written to docs/ (the figures move with the machine's load).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { startThrowawayPostgres } from '../tests/support/postgres-server';
import { captureVerifyRequests, type CapturedRequest } from './capture';
import { replay, sending } from './load';
import { GAP_MS, attribute, measuredWindow, type CpuProfile, type Top } from './profile-samples';
import { APP_ENV, ONE_COMPANY, codeReader, createBenchDatabase, holder } from './setup';

const PORT = 3220;
const WARM_UP_S = 6;
const MEASURE_S = Number(process.env.BENCH_SECONDS ?? 12);
const CONNECTIONS = 16;

async function main() {
  const pg = await startThrowawayPostgres();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-prof-'));
  try {
    const { url, sql } = await createBenchDatabase(pg.url, 'profile', 2);
    const readCode = codeReader(sql);
    let next = ONE_COMPANY.first;
    const refused = (c: CapturedRequest) => replay(c, { passNumber: '!!!!!!!!' });

    const scenarios: Array<{
      name: string;
      target: (appUrl: string, captured: CapturedRequest) => autocannon.Options;
    }> = [
      { name: 'floor: `GET /api/health`', target: (u) => ({ url: `${u}/api/health` }) },
      {
        name: 'the server action, input its schema refuses',
        target: (u, c) => ({ url: u, ...sending(() => refused(c)) }),
      },
      {
        // The browser asks for a compressed answer, and Next compresses even a 200-byte one.
        name: 'the same, without Accept-Encoding',
        target: (u, c) => ({
          url: u,
          ...sending(() => {
            const r = refused(c);
            const headers = Object.fromEntries(
              Object.entries(r.headers).filter(([name]) => name !== 'accept-encoding'),
            );
            return { ...r, headers };
          }),
        }),
      },
      {
        name: 'the server action, issue',
        target: (u, c) => ({ url: u, ...sending(() => replay(c, { ...holder(next++) })) }),
      },
    ];

    const results: Array<{ name: string; requests: number; ms: Map<string, number>; top: Top }> =
      [];
    for (const [i, scenario] of scenarios.entries()) {
      const profDir = path.join(dir, String(i));
      const app = await startProfiled(profDir, { DATABASE_URL: url, ...APP_ENV });
      let requests = 0;
      try {
        // The requests the browser made, captured from this instance (its Origin).
        const captured = await captureVerifyRequests(
          app.url,
          { js: holder(next++), noJs: holder(next++) },
          readCode,
        );
        const opts = scenario.target(app.url, captured.issue);
        await autocannon({ ...opts, connections: CONNECTIONS, duration: WARM_UP_S });
        await new Promise((r) => setTimeout(r, GAP_MS));
        const run = await autocannon({ ...opts, connections: CONNECTIONS, duration: MEASURE_S });
        requests = run.requests.total;
        console.error(
          `[profile] ${scenario.name}: ${run.requests.average.toFixed(0)} req/s, ${run.non2xx} non-2xx`,
        );
      } finally {
        await app.stop();
      }
      const [file] = fs.readdirSync(profDir);
      if (!file) throw new Error('the server wrote no profile');
      const profile = JSON.parse(fs.readFileSync(path.join(profDir, file), 'utf8')) as CpuProfile;
      const { ms, top } = attribute(measuredWindow(profile));
      results.push({ name: scenario.name, requests, ms, top });
    }
    await sql.end();
    report(results);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    await pg.stop();
  }
}

/**
 * `next start` of the production build under `node --cpu-prof` (not allowed in NODE_OPTIONS, so
 * Node runs Next's binary itself); it writes its profile when it exits on SIGTERM.
 */
async function startProfiled(profDir: string, env: Record<string, string>) {
  const child = spawn(
    process.execPath,
    [
      '--cpu-prof',
      `--cpu-prof-dir=${profDir}`,
      'node_modules/next/dist/bin/next',
      'start',
      '-p',
      String(PORT),
      '-H',
      '127.0.0.1',
    ],
    { env: { ...process.env, NODE_ENV: 'production', ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const url = `http://127.0.0.1:${PORT}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if ((await fetch(`${url}/api/health`).catch(() => null))?.status === 200) break;
    if (child.exitCode !== null || Date.now() > deadline)
      throw new Error(`server did not start: ${output.slice(-500)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 30_000))]);
    },
  };
}

function report(
  results: Array<{ name: string; requests: number; ms: Map<string, number>; top: Top }>,
) {
  const busy = (r: (typeof results)[number]) =>
    [...r.ms.entries()].filter(([k]) => k !== '(idle)').reduce((a, [, v]) => a + v, 0);
  const owners = [...new Set(results.flatMap((r) => [...r.ms.keys()]))]
    .filter((k) => k !== '(idle)')
    .sort(
      (a, b) =>
        (results.at(-1)!.ms.get(b) ?? 0) / results.at(-1)!.requests -
        (results.at(-1)!.ms.get(a) ?? 0) / results.at(-1)!.requests,
    );
  const per = (r: (typeof results)[number], k: string) =>
    ((r.ms.get(k) ?? 0) / r.requests).toFixed(3);
  console.log(`## Where \`next start\` spends its CPU at c=${CONNECTIONS}`);
  console.log();
  console.log(
    `CPU ms per request on Next's main thread, by the package (through the build's source maps) its samples ran in; ${MEASURE_S} s of load after a ${WARM_UP_S} s warm-up, \`node --cpu-prof\`.`,
  );
  console.log();
  console.log(`| where | ${results.map((r) => r.name).join(' | ')} |`);
  console.log(`|---|${results.map(() => '---').join('|')}|`);
  for (const k of owners) console.log(`| ${k} | ${results.map((r) => per(r, k)).join(' | ')} |`);
  console.log(
    `| **all but idle** | ${results.map((r) => `**${(busy(r) / r.requests).toFixed(3)}**`).join(' | ')} |`,
  );
  console.log(`| requests measured | ${results.map((r) => r.requests).join(' | ')} |`);
  for (const r of results)
    for (const who of ['ours', 'Node', 'next']) {
      console.log();
      console.log(
        `Top frames of ${who === 'ours' ? 'ours' : who === 'Node' ? "Node's own" : "Next's"} (self time), ${r.name}:`,
      );
      console.log();
      const top = r.top.filter((f) => f.who === who);
      if (top.length === 0) console.log('- none sampled');
      for (const f of top)
        console.log(
          `- \`${f.frame}\` ${f.where}: ${f.ms.toFixed(0)} ms (${((f.ms / r.requests) * 1000).toFixed(1)} µs per request)`,
        );
    }
}

main().catch((error) => {
  console.error('[profile]', error);
  process.exit(1);
});
