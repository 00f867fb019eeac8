/**
 * The targets the run is judged on, from the sections' results: each is met or missed, and the
 * report says which with the figures behind it.
 */
import type { RunResult } from './load';
import type { benchLists } from './lists';
import type { Pooler } from './pooler';
import type { Statements } from './statements';
import type { Throughput } from './throughput';
import type { Weight } from './weight';

/** What a public page may add to the floor's JS (the home page's), gzipped. */
export const WEIGHT_BUDGET_KB = 30;

export type Targets = ReturnType<typeof judgeTargets>;

export function judgeTargets(r: {
  throughput: Throughput;
  statements: Statements;
  pooler: Pooler;
  lists: Awaited<ReturnType<typeof benchLists>>;
  weights: Weight;
}) {
  const { throughput: t, weights: w } = r;
  const p = t.paired;
  // The mean of the two alternated runs of each.
  const mean = (a: RunResult, b: RunResult): RunResult => ({
    ...a,
    rps: (a.rps + b.rps) / 2,
    p99: Math.max(a.p99, b.p99),
  });
  const one = mean(t.issueOne[16], t.issueOne2);
  const spread = mean(t.issueSpread, t.issueSpread2);
  const jsErrors = [t.issueOne[16], t.issueOne2, t.issueSpread, t.issueSpread2, t.confirm[16]]
    .map((x) => x.errors)
    .reduce((a, b) => a + b, 0);
  const met = {
    throughput: p.one.median >= 0.5 && p.spread.median >= 0.5 && jsErrors === 0,
    contention: Math.abs(1 - p.oneVsSpread.median) <= 0.1,
    issueP99: one.p99 < 100 && spread.p99 < 100,
    issueP50: t.issueOne[1].p50 <= 4,
    confirm: t.confirm[16].rps / t.floor16 >= 0.4 && t.confirm[16].p99 < 100,
    roundTrips: r.statements.issue.roundTrips <= 3 && r.statements.confirm.roundTrips <= 2,
    pooler: r.pooler?.errors === 0,
    lists: r.lists.worstP95 < 30 && r.lists.worstGrowth < 3 && r.lists.plansOk,
    weight: w.publicPages.every((page) => (page.js - w.floor.js) / 1024 <= WEIGHT_BUDGET_KB),
    lighthouse: w.audits.every((a) => a.performance >= 95 && a.accessibility === 100),
    peakRss: t.peakRss < 400 * 2 ** 20,
  };
  return { ...r, one, spread, jsErrors, met };
}
