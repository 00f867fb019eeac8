/**
 * Round trips per request, from PostgreSQL's own statement log (`log_statement = all`): one
 * issue and one confirm of a fresh holder, each replayed as the browser sent it.
 */
import type postgres from 'postgres';
import { withFields, type CapturedRequest, type VerifyRequests } from './capture';
import type { Report } from './report';
import { writeStatements } from './report-text';
import { ONE_COMPANY, holder, type LogReader } from './setup';

export type Statements = Awaited<ReturnType<typeof benchStatements>>;

export async function benchStatements(
  report: Report,
  ctx: {
    app: string;
    sql: postgres.Sql;
    captured: VerifyRequests;
    readCode: (mobile: string) => Promise<string>;
    readLog: LogReader;
  },
) {
  const { sql } = ctx;
  await sql`alter system set log_statement = 'all'`;
  await sql`select pg_reload_conf()`;
  await new Promise((r) => setTimeout(r, 500));
  const count = async (request: CapturedRequest) => {
    const lines: string[] = [];
    ctx.readLog((line) => lines.push(line));
    const res = await fetch(`${ctx.app}${request.path}`, {
      method: 'POST',
      headers: { ...request.headers, 'x-real-ip': '10.99.0.1' },
      body: request.body,
    });
    // A replay the app refuses (a header the capture missed) would count nothing: stop here.
    if (res.status !== 200) throw new Error(`the replayed request got ${res.status}`);
    await res.text();
    await new Promise((r) => setTimeout(r, 400));
    ctx.readLog(null);
    const statements = lines.filter(
      (l) => /LOG:\s+(statement|execute)/.test(l) && !/pg_reload_conf|alter system/.test(l),
    );
    return {
      roundTrips: statements.length,
      transactions: statements.filter((l) => /\b(begin|commit)\b/i.test(l)).length,
    };
  };
  const fresh = holder(ONE_COMPANY.first + ONE_COMPANY.count);
  const issue = await count(withFields(ctx.captured.issue, { ...fresh }));
  const confirm = await count(
    withFields(ctx.captured.confirm, { ...fresh, code: await ctx.readCode(fresh.mobile) }),
  );
  await sql`alter system reset log_statement`;
  await sql`select pg_reload_conf()`;
  const [attempt] =
    await sql`select state from verification_attempts where mobile = ${fresh.mobile} order by sent_at desc limit 1`;
  const result = { issue, confirm, confirmedState: attempt?.state as string };
  writeStatements(report, result);
  return result;
}
