/**
 * Throughput on the path browsers use: the captured server-action calls and the native form post
 * replayed under load, beside the build's own floors, the same action refused by its schema, and
 * the bare-engine baseline; then the confirms of the codes those issues sent.
 */
import type postgres from 'postgres';
import type { Triple, VerifyRequests } from './capture';
import { load, pool, replay, type RequestSource, type RunResult } from './load';
import { describeMachine, watchMachine, watchPeakRss, type MachineState } from './machine';
import { pairedRatios } from './paired';
import type { Report } from './report';
import { THROUGHPUT_ROWS, writeThroughput, type ThroughputRow } from './report-text';
import { ONE_COMPANY, SPREAD, codeOf } from './setup';

export type Throughput = Awaited<ReturnType<typeof benchThroughput>>;

export interface ThroughputRun {
  kind: ThroughputRow;
  c: number;
  r: RunResult;
  /** Attempts written / requests answered, for the kinds that send. */
  sent?: string;
  machine: MachineState;
}

export async function benchThroughput(
  report: Report,
  ctx: { app: string; baseline: string; sql: postgres.Sql; captured: VerifyRequests },
) {
  const { app, baseline, sql, captured } = ctx;
  const oneCompany = pool(ONE_COMPANY);
  const spread = pool(SPREAD);
  const issued: Triple[] = [];
  const handOut = (next: () => Triple) => {
    const h = next();
    issued.push(h);
    return h;
  };
  const jsIssue = (next: () => Triple) => () => replay(captured.issue, { ...handOut(next) });
  // What a browser without JavaScript posts: the page's form natively (multipart, the hidden
  // `$ACTION_…` fields React rendered, the Origin), answered with the page and the action's state.
  const noJsIssue = (next: () => Triple) => () => replay(captured.issueNoJs, { ...handOut(next) });
  const toBaseline =
    (path: string, fields: () => Record<string, string>): RequestSource =>
    () => ({
      method: 'POST',
      path,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields()).toString(),
    });
  const baselineIssue = toBaseline('/issue', () => ({ ...handOut(oneCompany) }));
  // The same server action with a pass number its schema refuses: the whole framework path and
  // the action's own answer (a field message), no database.
  const noop = () =>
    replay(captured.issue, {
      passNumber: '!!!!!!!!',
      identityNumber: 'QQ00000000',
      mobile: '0900000000',
    });

  const runs: ThroughputRun[] = [];
  const attempts = async () =>
    Number((await sql`select count(*)::int as n from verification_attempts`)[0]!.n);
  const measure = async (
    kind: ThroughputRow,
    c: number,
    target: string,
    request?: RequestSource,
    countSends = false,
  ) => {
    const before = countSends ? await attempts() : 0;
    const watch = watchMachine();
    const r = await load(target, c, request);
    const machine = watch.stop();
    const sent = countSends ? `${(await attempts()) - before} / ${r.total}` : undefined;
    runs.push({ kind, c, r, sent, machine });
    console.log(
      `[bench] ${THROUGHPUT_ROWS[kind]} c=${c}: ${r.rps.toFixed(0)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms; ${describeMachine(machine)}`,
    );
    return r;
  };
  const atOneAnd16 = async (
    kind: ThroughputRow,
    target: string,
    request?: RequestSource,
    countSends = false,
  ) => ({
    1: await measure(kind, 1, target, request, countSends),
    16: await measure(kind, 16, target, request, countSends),
  });

  const healthUrl = `${app}/api/health`;
  // Warm-up, not reported: the first seconds of a fresh process measure V8's compiler, not the app.
  await load(healthUrl, 16);
  await load(app, 16, jsIssue(oneCompany));
  await load(app, 16, noop);
  await load(app, 16, noJsIssue(oneCompany));
  await load(baseline, 16, baselineIssue);
  // As in a running deployment, the planner has statistics of tables that hold rows (autovacuum
  // would analyze them within minutes; the bench cannot wait), and the cached plans follow them.
  await sql`analyze`;
  const section = watchMachine();
  await atOneAnd16('live', `${app}/api/live`);
  const health = await atOneAnd16('health', healthUrl);
  await atOneAnd16('noop', app, noop);
  // One company and 500 companies alternate, twice: the comparison should not be the order's.
  const issueOne = await atOneAnd16('issueOne', app, jsIssue(oneCompany), true);
  const issueSpread = await measure('issueSpread', 16, app, jsIssue(spread), true);
  const issueOne2 = await measure('issueOne', 16, app, jsIssue(oneCompany), true);
  const issueSpread2 = await measure('issueSpread', 16, app, jsIssue(spread), true);
  // The floor again after the issue runs: the ratio is against the mean of the floor's two
  // runs around them, so that a burst of other work during one of them weighs less.
  const healthAgain = await measure('healthAgain', 16, healthUrl);
  const paired = await pairedRatios({
    health: { target: healthUrl },
    noop: { target: app, request: noop },
    one: { target: app, request: jsIssue(oneCompany) },
    spread: { target: app, request: jsIssue(spread) },
  });
  const issueNoJs = await measure('issueNoJs', 16, app, noJsIssue(oneCompany), true);
  await atOneAnd16('issueBase', baseline, baselineIssue, true);
  const rss = watchPeakRss(`next start -p ${new URL(app).port}`);
  await measure('issue64', 64, app, jsIssue(oneCompany), true);
  const peakRss = rss.stop();

  // Confirm: every request the right code of a holder issued above.
  const outbox =
    await sql`select distinct on (to_mobile) to_mobile, body from sms_outbox where to_mobile like '09%' order by to_mobile, id desc`;
  const codes = new Map(
    outbox.map((r): [string, string] => [r.to_mobile as string, codeOf(r.body as string)]),
  );
  const pending = issued.filter((h) => codes.has(h.mobile));
  const pendingBefore = pending.length;
  // Should the pending codes run out, the last holder is replayed (answered "no pending code").
  let last = pending[0]!;
  const nextPending = () => {
    const h = pending.shift() ?? last;
    last = h;
    return { ...h, code: codes.get(h.mobile)! };
  };
  const confirm = await atOneAnd16('confirm', app, () =>
    replay(captured.confirm, { ...nextPending() }),
  );
  await measure('confirmBase', 16, baseline, toBaseline('/confirm', nextPending));
  const machine = section.stop();
  const verified = Number(
    (await sql`select count(*)::int as n from verification_attempts where state = 'verified'`)[0]!
      .n,
  );

  const result = {
    runs,
    floor1: health[1].rps,
    floor16: (health[16].rps + healthAgain.rps) / 2,
    issueOne,
    issueOne2,
    issueSpread,
    issueSpread2,
    issueNoJs,
    confirm,
    paired,
    peakRss,
    verified,
    pendingBefore,
    machine,
  };
  writeThroughput(report, result);
  return result;
}
