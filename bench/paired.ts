/**
 * On a shared machine other work comes and goes over seconds, so two 8-second runs a minute
 * apart may not see the same machine. Here each kind runs PAIRED.seconds at a time, in rotation
 * (a different order each round), and each round's ratios compare runs seconds apart; the report
 * gives their median and range.
 */
import { load, type RequestSource } from './load';
import { watchMachine } from './machine';

/** The paired comparison: rounds of short runs of each kind, in rotation. */
export const PAIRED = { rounds: 6, seconds: 3 };

type Kind = 'health' | 'noop' | 'one' | 'spread';

export type Spread = { median: number; min: number; max: number };
export type Paired = Awaited<ReturnType<typeof pairedRatios>>;

export async function pairedRatios(
  kinds: Record<Kind, { target: string; request?: RequestSource }>,
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
  const stats = (f: (r: (typeof rounds)[number]) => number): Spread => {
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
  };
  console.log(
    `[bench] paired: issue ${(result.one.median * 100).toFixed(0)}% / ${(result.spread.median * 100).toFixed(0)}% of health, no-op ${(result.noop.median * 100).toFixed(0)}%, one/500 ${result.oneVsSpread.median.toFixed(2)}`,
  );
  return result;
}
