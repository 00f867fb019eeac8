/**
 * What the bench's load runs share: the app's environment, the pass holders it sends for (seeded
 * once, each used once per kind of request), and the codes the log transport "sent" them.
 */
import postgres from 'postgres';
import { openDatabase } from '../db/client';
import { seedDemoData } from '../db/seed';
import { createDatabase } from '../tests/support/databases';
import type { Triple } from './capture';

export const AUTH_SECRET = 'bench-secret-0123456789abcdef0123456789abcdef';
/** Limits out of the way: the bench measures speed, the tests measure the limits. */
export const LIMITS = {
  publicPerIpHour: 100_000_000,
  sendsPerPassDay: 1000,
  sendsPerCompanyDay: 100_000_000,
};
export const APP_ENV = {
  AUTH_SECRET,
  SMS_TRANSPORT: 'log',
  WEBOTP_HOST: 'bench',
  LOG_LEVEL: 'warn',
  // Many clients behind a proxy, as in production: each request carries its own address.
  TRUSTED_PROXY_HEADER: 'x-real-ip',
  LIMIT_PUBLIC_PER_IP_HOUR: String(LIMITS.publicPerIpHour),
  LIMIT_SENDS_PER_COMPANY_DAY: String(LIMITS.sendsPerCompanyDay),
  LIMIT_SENDS_PER_PASS_DAY: String(LIMITS.sendsPerPassDay),
};

/** Holder i: a pass of company A (i < 100,000) or of one of 500 other companies (i ≥ 100,000). */
export const holder = (i: number): Triple => {
  const n = String(i).padStart(8, '0');
  return { passNumber: `BENCH-${n}`, identityNumber: `QQ${n}`, mobile: `09${n}` };
};
export const ONE_COMPANY = { first: 2, count: 80_000 };
export const SPREAD = { first: 100_001, count: 60_000 };

/** A database on the throwaway server with the demo data and the holders, and a client of it. */
export async function createBenchDatabase(serverUrl: string, name: string, max: number) {
  const { url } = await createDatabase(serverUrl, name);
  const handle = await openDatabase({ kind: 'postgres', url });
  await handle.migrate();
  await seedDemoData(handle.db);
  await handle.close();
  const sql = postgres(url, { max, onnotice: () => {} });
  await seedHolders(sql);
  return { url, sql };
}

/** The code in a message of the log transport (its body ends `#123456`). */
export const codeOf = (body: string) => /#(\d{6})$/.exec(body)?.[1] ?? '000000';

/** The last code "sent" to a mobile, as its holder would read it. */
export const codeReader = (sql: postgres.Sql) => async (mobile: string) => {
  const [row] =
    await sql`select body from sms_outbox where to_mobile = ${mobile} order by id desc limit 1`;
  return codeOf((row?.body as string) ?? '');
};

/** PostgreSQL's log lines, handed to whichever part of the bench is reading them at the time. */
export type LogReader = (sink: ((line: string) => void) | null) => void;

export function tapServerLog() {
  let sink: ((line: string) => void) | null = null;
  const read: LogReader = (next) => (sink = next);
  return { onLog: (line: string) => sink?.(line), read };
}

async function seedHolders(sql: postgres.Sql) {
  await sql`insert into companies (tax_id, name) select lpad((90000000 + i)::text, 8, '0'), '壓測公司 ' || i from generate_series(1, 500) i`;
  const a = sql`(select id from companies where tax_id = '12345675')`;
  await sql`insert into persons (identity_number, name, mobile, company_id)
    select 'QQ' || lpad(i::text, 8, '0'), '壓測人員', '09' || lpad(i::text, 8, '0'), ${a}
    from generate_series(0, ${ONE_COMPANY.first + ONE_COMPANY.count}::int) i`;
  await sql`insert into passes (pass_number, holder_identity_number, holder_name, company_id, valid_from, valid_until)
    select 'BENCH-' || lpad(i::text, 8, '0'), 'QQ' || lpad(i::text, 8, '0'), '壓測人員', ${a}, current_date - 1, current_date + 300
    from generate_series(0, ${ONE_COMPANY.first + ONE_COMPANY.count}::int) i`;
  // The same holders spread over 500 companies: no company's rows are shared by the load.
  await sql`insert into persons (identity_number, name, mobile, company_id)
    select 'QQ' || lpad(i::text, 8, '0'), '壓測人員', '09' || lpad(i::text, 8, '0'), (select id from companies where tax_id = lpad((90000000 + 1 + i % 500)::text, 8, '0'))
    from generate_series(${SPREAD.first}::int, ${SPREAD.first + SPREAD.count}::int) i`;
  await sql`insert into passes (pass_number, holder_identity_number, holder_name, company_id, valid_from, valid_until)
    select 'BENCH-' || lpad(i::text, 8, '0'), 'QQ' || lpad(i::text, 8, '0'), '壓測人員', (select id from companies where tax_id = lpad((90000000 + 1 + i % 500)::text, 8, '0')), current_date - 1, current_date + 300
    from generate_series(${SPREAD.first}::int, ${SPREAD.first + SPREAD.count}::int) i`;
  await sql`analyze`;
}
