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
import { SourceMap } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import postgres from 'postgres';
import { openDatabase } from '../db/client';
import { seedDemoData } from '../db/seed';
import { createDatabase } from '../tests/support/databases';
import { startThrowawayPostgres } from '../tests/support/postgres-server';
import { captureVerifyRequests, withFields, type CapturedRequest } from './capture';
import { APP_ENV, ONE_COMPANY, holder, seedHolders } from './setup';

const PORT = 3220;
const WARM_UP_S = 6;
const MEASURE_S = Number(process.env.BENCH_SECONDS ?? 12);
/** An idle gap the bench leaves between warm-up and measurement, found again in the profile. */
const GAP_MS = 2500;
const CONNECTIONS = 16;

interface CpuProfile {
  nodes: Array<{
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  }>;
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

let serial = 0;
const clientAddress = () => {
  serial += 1;
  return `10.${(serial >> 16) & 255}.${(serial >> 8) & 255}.${serial & 255}`;
};

async function main() {
  const pg = await startThrowawayPostgres();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-prof-'));
  try {
    const { url } = await createDatabase(pg.url, 'profile');
    const handle = await openDatabase({ kind: 'postgres', url });
    await handle.migrate();
    await seedDemoData(handle.db);
    await handle.close();
    const sql = postgres(url, { max: 2, onnotice: () => {} });
    await seedHolders(sql);
    const readCode = async (mobile: string) => {
      const [row] =
        await sql`select body from sms_outbox where to_mobile = ${mobile} order by id desc limit 1`;
      return /#(\d{6})$/.exec((row?.body as string) ?? '')?.[1] ?? '000000';
    };
    let next = ONE_COMPANY.first;
    const send = (captured: CapturedRequest, fields: () => Record<string, string>) => () => {
      const r = withFields(captured, fields());
      return {
        method: 'POST' as const,
        path: r.path,
        headers: { ...r.headers, 'x-real-ip': clientAddress() },
        body: r.body,
      };
    };

    const scenarios: Array<{
      name: string;
      target: (appUrl: string, captured: CapturedRequest) => autocannon.Options;
    }> = [
      { name: 'floor: `GET /api/health`', target: (u) => ({ url: `${u}/api/health` }) },
      {
        name: 'the server action, input its schema refuses',
        target: (u, c) => ({
          url: u,
          requests: [
            {
              setupRequest: (req: object) => ({
                ...req,
                ...send(c, () => ({ passNumber: '!!!!!!!!' }))(),
              }),
            },
          ],
        }),
      },
      {
        // The browser asks for a compressed answer, and Next compresses even a 200-byte one.
        name: 'the same, without Accept-Encoding',
        target: (u, c) => ({
          url: u,
          requests: [
            {
              setupRequest: (req: object) => {
                const r = send(c, () => ({ passNumber: '!!!!!!!!' }))();
                const headers = Object.fromEntries(
                  Object.entries(r.headers).filter(([name]) => name !== 'accept-encoding'),
                );
                return { ...req, ...r, headers };
              },
            },
          ],
        }),
      },
      {
        name: 'the server action, issue',
        target: (u, c) => ({
          url: u,
          requests: [
            {
              setupRequest: (req: object) => ({
                ...req,
                ...send(c, () => ({ ...holder(next++) }))(),
              }),
            },
          ],
        }),
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

type Top = Array<{ who: string; frame: string; where: string; ms: number }>;

/**
 * The samples after the last quiet stretch of about GAP_MS (the pause between warm-up and
 * measured load), each with its duration. Quiet: 100 ms bins where the thread ran (anything but
 * `(idle)` and `(program)`) less than 10 ms.
 */
function measuredWindow(profile: CpuProfile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  let t = profile.startTime;
  const samples = profile.samples.map((id, i) => {
    t += profile.timeDeltas[i] ?? 0;
    return { node: byId.get(id)!, t, dt: (profile.timeDeltas[i + 1] ?? 0) / 1000 };
  });
  const bin = (s: { t: number }) => Math.floor((s.t - profile.startTime) / 100_000);
  const busy = new Map<number, number>();
  for (const s of samples)
    if (!['(idle)', '(program)'].includes(s.node.callFrame.functionName))
      busy.set(bin(s), (busy.get(bin(s)) ?? 0) + s.dt);
  const bins = bin(samples.at(-1)!);
  let quiet = 0;
  let start = -1;
  for (let b = 0; b <= bins; b++) {
    if ((busy.get(b) ?? 0) < 10) quiet += 1;
    else {
      if (quiet * 100 >= GAP_MS - 700) start = b;
      quiet = 0;
    }
  }
  if (start < 0) throw new Error('no quiet stretch between the warm-up and the measured load');
  return samples.filter((s) => bin(s) >= start);
}

const ROOT = path.resolve('.');
const maps = new Map<string, SourceMap | null>();

/** A frame's original place: the file of the build's source map, or the script itself. */
function original(frame: CpuProfile['nodes'][number]['callFrame']) {
  if (!frame.url.startsWith('file://')) return { file: frame.url, line: frame.lineNumber + 1 };
  const file = fileURLToPath(frame.url);
  if (!maps.has(file)) {
    let map: SourceMap | null = null;
    try {
      map = new SourceMap(JSON.parse(fs.readFileSync(`${file}.map`, 'utf8')) as never);
    } catch {
      // no map: Node's own or an unbundled package
    }
    maps.set(file, map);
  }
  const entry = maps.get(file)?.findEntry(frame.lineNumber, frame.columnNumber) as
    { originalSource?: string; originalLine?: number; name?: string } | undefined;
  if (!entry?.originalSource) return { file, line: frame.lineNumber + 1 };
  let source = decodeURIComponent(
    entry.originalSource.replace(/^turbopack:\/\/\/\[project\]\//, ''),
  );
  if (source.startsWith('file://')) source = fileURLToPath(source);
  source = path.resolve(path.dirname(file), source);
  return { file: source, line: (entry.originalLine ?? 0) + 1, name: entry.name };
}

/** Who a file belongs to: a package, Node, V8, or our code. */
function owner(file: string, functionName: string): string {
  if (['(garbage collector)', '(program)', '(idle)'].includes(functionName)) return functionName;
  if (!file || file.startsWith('node:')) return 'Node';
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(.*)$/.exec(file);
  if (modules) {
    const [, pkg, rest] = modules;
    // drizzle-orm's own source maps name `../src/…`, which the build resolves out of its folder.
    if (pkg === 'src') return 'drizzle-orm';
    if (pkg === 'next' && /compiled\/(react[^/]*)/.test(rest!))
      return `react (${/compiled\/(react[^/]*)/.exec(rest!)![1]}, in next)`;
    return pkg!;
  }
  if (file.startsWith(ROOT) && !file.includes('/.next/')) return 'ours';
  return 'Next (bundled, unmapped)';
}

function attribute(samples: ReturnType<typeof measuredWindow>) {
  const ms = new Map<string, number>();
  const frames = new Map<string, { who: string; where: string; ms: number }>();
  for (const s of samples) {
    const f = s.node.callFrame;
    const o = original(f);
    const who = owner(o.file, f.functionName);
    ms.set(who, (ms.get(who) ?? 0) + s.dt);
    if (!['ours', 'Node', 'next'].includes(who)) continue;
    const name = o.name ?? (f.functionName || '(anonymous)');
    const where = `${path.relative(ROOT, o.file)}:${o.line}`;
    const key = `${who} ${name} ${where}`;
    const entry = frames.get(key) ?? { who, where, ms: 0 };
    entry.ms += s.dt;
    frames.set(key, entry);
  }
  const all = [...frames.entries()]
    .map(([key, v]) => ({ who: v.who, frame: key.split(' ')[1]!, where: v.where, ms: v.ms }))
    .sort((a, b) => b.ms - a.ms);
  const top: Top = [
    ...all.filter((f) => f.who === 'ours').slice(0, 12),
    ...all.filter((f) => f.who === 'Node').slice(0, 6),
    ...all.filter((f) => f.who === 'next').slice(0, 6),
  ];
  return { ms, top };
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
