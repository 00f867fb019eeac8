import { test as base, expect, type APIRequestContext } from '@playwright/test';
import postgres from 'postgres';
import { ConsolePage } from './pages/console';
import { DashboardPage } from './pages/dashboard';
import { VerifyFormPage } from './pages/verify-form';

type Sql = ReturnType<typeof postgres>;

let counter = 0;

/** Every test's database client and page objects, as Playwright fixtures. */
export const test = base.extend<
  { sql: Sql; dashboard: DashboardPage; verifyForm: VerifyFormPage; operatorConsole: ConsolePage },
  { workerSql: Sql }
>({
  workerSql: [
    async ({}, provide) => {
      const sql = postgres(process.env.E2E_DATABASE_URL!, { max: 2, onnotice: () => {} });
      await provide(sql);
      await sql.end();
    },
    { scope: 'worker' },
  ],
  sql: async ({ workerSql }, provide) => provide(workerSql),
  dashboard: async ({ page }, provide) => provide(new DashboardPage(page)),
  verifyForm: async ({ page }, provide) => provide(new VerifyFormPage(page)),
  operatorConsole: async ({ page, sql }, provide) => provide(new ConsolePage(page, sql)),
});

export { expect };

/** The newest code sent to a number, read from the development outbox as a phone would. */
export async function readCode(request: APIRequestContext, mobile: string): Promise<string> {
  const res = await request.get(`/api/dev/sms?to=${mobile}`);
  expect(res.ok()).toBe(true);
  const { messages } = (await res.json()) as { messages: Array<{ body: string }> };
  const code = messages[0]?.body.match(/#(\d{6})$/)?.[1];
  if (!code) throw new Error(`no SMS to ${mobile}`);
  return code;
}

export async function smsCount(request: APIRequestContext, mobile: string): Promise<number> {
  const res = await request.get(`/api/dev/sms?to=${mobile}`);
  return ((await res.json()) as { messages: unknown[] }).messages.length;
}

/**
 * Adds a current pass with a person record, for flows that need their own triple: by default both
 * are company A's; `appliedBy` gives the pass to another company (a holder A maintains but B
 * applied for, as KHPS113-000050).
 */
export async function addHolder(sql: Sql, { appliedBy = '12345675' } = {}) {
  counter += 1;
  const tag = `${Date.now() % 1_000_000}${counter}`.padStart(8, '0').slice(-8);
  const holder = {
    passNumber: `KHPS199-${tag}`,
    identityNumber: `QQ${tag}`,
    mobile: `097${tag.slice(-7)}`,
  };
  const [company] = await sql`select id from companies where tax_id = '12345675'`;
  await sql`insert into persons (identity_number, name, mobile, company_id)
            values (${holder.identityNumber}, '測試人員', ${holder.mobile}, ${company!.id})`;
  const [applicant] = await sql`select id from companies where tax_id = ${appliedBy}`;
  await sql`insert into passes (pass_number, holder_identity_number, holder_name, company_id, valid_from, valid_until)
            values (${holder.passNumber}, ${holder.identityNumber}, '測試人員', ${applicant!.id}, current_date - 1, current_date + 300)`;
  return holder;
}
