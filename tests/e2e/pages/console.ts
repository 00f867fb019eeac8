import { expect, type Page } from '@playwright/test';
import type postgres from 'postgres';
import { hashPassword } from '../../../lib/auth/password';
import { totpCode, totpStep } from '../../../lib/auth/totp';

type Sql = ReturnType<typeof postgres>;

/**
 * A TOTP code for the operator (or, with `table` 'accounts', the applicant account) that its last
 * used step cannot refuse: waits for a new step if needed.
 */
export async function freshTotp(
  sql: Sql,
  login: string,
  secret: string,
  table: 'operators' | 'accounts' = 'operators',
): Promise<string> {
  for (;;) {
    const [row] = await sql`select totp_last_step from ${sql(table)} where login = ${login}`;
    const now = new Date();
    const secondsLeft = 30 - ((now.getTime() / 1000) % 30);
    const last = row?.totp_last_step === null ? -1 : Number(row?.totp_last_step);
    // Enough of the step left to type it, and a step not used yet.
    if (totpStep(now) > last && secondsLeft > 5) return totpCode(secret, now);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/** Types a TOTP or recovery code into a second-factor form (an operator's or an applicant's). */
export async function enterSecondFactorCode(page: Page, code: string) {
  await page
    .getByLabel(/驗證碼/)
    .first()
    .fill(code);
  await page.getByRole('button', { name: '驗證', exact: true }).click();
}

let serial = 0;

/** An enrolled operator of its own (tests make their own data). */
export async function addOperator(sql: Sql) {
  serial += 1;
  const login = `e2e-ops-${Date.now() % 1_000_000}-${serial}`;
  const password = 'e2e-operator-pass';
  const secret = 'KRSXG5CTMVZXEZLUKRSXG5CTMVZXEZLU';
  await sql`insert into operators (login, password_hash, display_name, totp_secret, totp_enrolled_at)
            values (${login}, ${hashPassword(password)}, '測試營運人員', ${secret}, now())`;
  return { login, password, secret };
}

/** The operator console, found by what an operator reads. */
export class ConsolePage {
  constructor(
    readonly page: Page,
    readonly sql: Sql,
  ) {}

  async signInWithPassword(login: string, password: string) {
    await this.page.goto('/login');
    await this.page.getByRole('textbox', { name: '帳號', exact: true }).fill(login);
    await this.page.getByLabel('密碼').fill(password);
    await this.page.getByRole('button', { name: '登入', exact: true }).click();
    await expect(this.page).toHaveURL(/\/console\/second-factor/);
  }

  async enterCode(code: string) {
    await enterSecondFactorCode(this.page, code);
  }

  /** Password, then a fresh TOTP code: lands on the overview. */
  async signIn(operator: { login: string; password: string; secret: string }) {
    await this.signInWithPassword(operator.login, operator.password);
    await this.enterCode(await freshTotp(this.sql, operator.login, operator.secret));
    await expect(this.page.getByRole('heading', { name: '總覽', level: 1 })).toBeVisible();
  }

  async signOut() {
    await this.page.getByRole('button', { name: '登出' }).click();
    await expect(this.page).toHaveURL(/\/login/);
  }

  async open(menu: '總覽' | '業者與帳號' | '通行證匯入' | '稽核查詢') {
    await this.page
      .getByRole('navigation', { name: '控制台選單' })
      .getByRole('link', { name: menu })
      .click();
    await expect(this.page.getByRole('heading', { level: 1 })).toBeVisible();
  }
}
