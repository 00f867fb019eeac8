/**
 * Where a `node --cpu-prof` profile of `next start` spent its time: the samples of the measured
 * load (found after the idle gap the profiler leaves), each charged through the build's source
 * maps to the package, or the file of ours, it ran in.
 */
import fs from 'node:fs';
import { SourceMap } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** An idle gap the bench leaves between warm-up and measurement, found again in the profile. */
export const GAP_MS = 2500;

export interface CpuProfile {
  nodes: Array<{
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  }>;
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

export type Top = Array<{ who: string; frame: string; where: string; ms: number }>;

/**
 * The samples after the last quiet stretch of about GAP_MS (the pause between warm-up and
 * measured load), each with its duration. Quiet: 100 ms bins where the thread ran (anything but
 * `(idle)` and `(program)`) less than 10 ms.
 */
export function measuredWindow(profile: CpuProfile) {
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

export function attribute(samples: ReturnType<typeof measuredWindow>) {
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
