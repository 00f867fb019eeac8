import { test as base, expect, type APIRequestContext, type Page } from '@playwright/test';
import postgres from 'postgres';
import { hashPassword } from '../../lib/auth/password';
import { hashRecoveryCode } from '../../lib/auth/totp';
import { normaliseTaxId } from '../../lib/values/tax-id';
import { ConsolePage } from './pages/console';
import { DashboardPage } from './pages/dashboard';
import { VerifyFormPage } from './pages/verify-form';

export type Sql = ReturnType<typeof postgres>;

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

/** The page's cookies as a Cookie header, for requests made outside the browser. */
export async function cookieHeader(page: Page): Promise<string> {
  return (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
}

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

/** A company a test made for itself: its id and 統一編號. */
export interface Company {
  id: number;
  taxId: string;
}

/** Eight digits no other call of this worker returns: time, then a running count. */
function uniqueTag(): string {
  counter += 1;
  return `${Date.now() % 1_000_000}${counter}`.padStart(8, '0').slice(-8);
}

/**
 * A company of the test's own, with a valid 統一編號 no other company has, so that what the test
 * does to its holders and accounts changes nothing the demo companies show.
 */
export async function addCompany(
  sql: Sql,
  { secondFactorRequired = false } = {},
): Promise<Company> {
  // 40,000,000–80,000,000: clear of the demo companies and of the numbers other tests choose.
  for (let n = 40_000_000 + (Date.now() % 4_000_000) * 10; ; n += 1) {
    const taxId = normaliseTaxId(String(n));
    if (!taxId) continue;
    const [row] = await sql`insert into companies (tax_id, name, second_factor_required)
      values (${taxId}, ${`測試業者${taxId}`}, ${secondFactorRequired})
      on conflict do nothing returning id`;
    if (row) return { id: row.id as number, taxId };
  }
}

export const APPLICANT_PASSWORD = 'e2e-applicant-pass';

/**
 * An applicant account of its own (password `APPLICANT_PASSWORD`) in `company`, by default a new
 * company of its own; with `secret` its second factor is on, with `recovery` its recovery codes.
 */
export async function addAccount(
  sql: Sql,
  options: { company?: Company; secret?: string; recovery?: string[] } = {},
) {
  const company = options.company ?? (await addCompany(sql));
  const login = `e2e-applicant-${uniqueTag()}`;
  const secret = options.secret ?? null;
  const [account] = await sql`insert into accounts
      (company_id, login, password_hash, display_name, totp_secret, totp_enrolled_at)
    values (${company.id}, ${login}, ${hashPassword(APPLICANT_PASSWORD)}, '測試申請人',
      ${secret}, ${secret ? new Date() : null})
    returning id`;
  for (const code of options.recovery ?? [])
    await sql`insert into account_recovery_codes (account_id, code_hash)
      values (${account!.id}, ${hashRecoveryCode(code)})`;
  return { login, password: APPLICANT_PASSWORD, secret, company };
}

/**
 * A current pass with its holder's person record, for flows that need a triple of their own.
 * `company` maintains the record and applied for the pass (by default a new company of its own);
 * `appliedBy` gives the pass to another company (a holder one company maintains and another
 * applied for, as KHPS113-000050); `verified` has it verified to the record's mobile (已驗證).
 */
export async function addHolder(
  sql: Sql,
  options: { company?: Company; appliedBy?: Company; verified?: boolean } = {},
) {
  const company = options.company ?? (await addCompany(sql));
  const applicant = options.appliedBy ?? company;
  const tag = uniqueTag();
  const holder = {
    passNumber: `KHPS199-${tag}`,
    identityNumber: `QQ${tag}`,
    mobile: `097${tag.slice(-7)}`,
  };
  const verifiedMobile = options.verified ? holder.mobile : null;
  await sql`insert into persons (identity_number, name, mobile, company_id)
            values (${holder.identityNumber}, '測試人員', ${holder.mobile}, ${company.id})`;
  await sql`insert into passes (pass_number, holder_identity_number, holder_name, company_id,
              valid_from, valid_until, verified_mobile, verified_at)
            values (${holder.passNumber}, ${holder.identityNumber}, '測試人員', ${applicant.id},
              current_date - 1, current_date + 300, ${verifiedMobile},
              ${verifiedMobile ? new Date(Date.now() - 10 * 86_400_000) : null})`;
  return holder;
}

/** A mobile as the pages show it and a user types it: 0912-000-041. */
export const dashed = (mobile: string) =>
  `${mobile.slice(0, 4)}-${mobile.slice(4, 7)}-${mobile.slice(7)}`;
