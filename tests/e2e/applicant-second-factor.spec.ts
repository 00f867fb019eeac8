import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from '@playwright/test';
import { totpCode } from '../../lib/auth/totp';
import { normaliseTaxId } from '../../lib/values/tax-id';
import { findForm, submitForm } from '../support/forms';
import { runOps } from '../support/run-ops';
import {
  addAccount,
  addCompany,
  APPLICANT_PASSWORD as PASSWORD,
  cookieHeader,
  expect,
  test,
  type Sql,
} from './fixtures';
import { addOperator, ConsolePage, freshTotp } from './pages/console';

// An applicant's second factor (issue 23, part 2), by what a user reads: enrolment from 帳號安全,
// the code at sign-in, a replayed code, a recovery code, a company that requires it, an
// operator's reset. Every test makes its own company and accounts; demo-a and demo-b stay
// without a factor.

const SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

const accountCode = (sql: Sql, login: string, secret: string) =>
  freshTotp(sql, login, secret, 'accounts');

/** An operator in a browser of its own, on 業者與帳號. */
async function asOperator(
  { browser, baseURL, sql }: { browser: Browser; baseURL?: string; sql: Sql },
  run: (page: Page) => Promise<void>,
) {
  const page = await browser.newPage({ baseURL });
  try {
    const operatorConsole = new ConsolePage(page, sql);
    await operatorConsole.signIn(await addOperator(sql));
    await operatorConsole.open('業者與帳號');
    await run(page);
  } finally {
    await page.close();
  }
}

async function auditActions(sql: Sql, subject: string): Promise<string[]> {
  const rows = await sql`select action from audit_log where subject = ${subject} order by id`;
  return rows.map((r) => r.action as string);
}

test.describe('an applicant’s second factor', () => {
  test('enrolment from 帳號安全: QR code and typed secret, recovery codes once; the next sign-in asks for the code', async ({
    page,
    sql,
    dashboard,
  }) => {
    const { login } = await addAccount(sql);
    await dashboard.signIn(login, PASSWORD);
    await page
      .getByRole('navigation', { name: '功能選單' })
      .getByRole('link', { name: '帳號安全' })
      .click();
    await expect(page.getByRole('heading', { name: '帳號安全', level: 1 })).toBeVisible();
    await expect(page.getByTestId('second-factor-status')).toHaveText('狀態:未啟用');
    await expect(page.getByRole('img', { name: '驗證器 App 設定用 QR 碼' })).toBeVisible();
    const secret = (await page.getByTestId('totp-secret').innerText()).replace(/\s/g, '');

    await dashboard.enterCode('000000');
    await expect(page.getByText('驗證碼錯誤,請再試一次。')).toBeVisible();
    await dashboard.enterCode(totpCode(secret, new Date()));
    const codes = page.getByTestId('recovery-codes').getByRole('listitem');
    await expect(codes).toHaveCount(10);
    // Shown once, from the answer: never in a cookie.
    const cookies = await cookieHeader(page);
    for (const code of await codes.allInnerTexts())
      expect(cookies).not.toContain(code.replace('-', ''));
    await expect(page.getByTestId('second-factor-status')).toHaveText('狀態:已啟用');
    await page.getByRole('link', { name: '完成' }).click();
    await expect(page.getByTestId('second-factor-status')).toHaveText('狀態:已啟用');
    await expect(page.getByTestId('recovery-codes')).toHaveCount(0);
    await expect(page.getByRole('img', { name: '驗證器 App 設定用 QR 碼' })).toHaveCount(0);

    await dashboard.signOut();
    await dashboard.signInToSecondFactor(login, PASSWORD);
    await page.goto('/dashboard/passes');
    await expect(page).toHaveURL(/\/login\/second-factor/);
    await dashboard.enterCode(await accountCode(sql, login, secret));
    await expect(page).toHaveURL(/\/dashboard\/passes/);
    expect(await auditActions(sql, `account:${login}`)).toEqual([
      'account.enrol-totp',
      'account.sign-in',
    ]);
  });

  test('sign-in with the code; the same code a second time is refused', async ({
    page,
    sql,
    dashboard,
  }) => {
    const { login } = await addAccount(sql, { secret: SECRET });
    const code = await accountCode(sql, login, SECRET);
    await dashboard.signInToSecondFactor(login, PASSWORD);
    await dashboard.enterCode(code);
    await expect(page).toHaveURL(/\/dashboard\/passes/);
    await dashboard.signOut();

    // Someone who saw the code (over a shoulder, a proxy log) replays it within its 30 seconds.
    await dashboard.signInToSecondFactor(login, PASSWORD);
    await dashboard.enterCode(code);
    await expect(
      page.getByText('此驗證碼已使用過,請等待驗證器 App 顯示下一組驗證碼。'),
    ).toBeVisible();
    await page.goto('/dashboard/passes');
    await expect(page).toHaveURL(/\/login\/second-factor/);
  });

  test('a recovery code works once', async ({ page, sql, dashboard }) => {
    const recovery = 'ab12c-de34f';
    const { login } = await addAccount(sql, { secret: SECRET, recovery: [recovery] });
    await dashboard.signInToSecondFactor(login, PASSWORD);
    await dashboard.enterCode(recovery);
    await expect(page).toHaveURL(/\/dashboard\/passes/);
    await dashboard.signOut();

    await dashboard.signInToSecondFactor(login, PASSWORD);
    await dashboard.enterCode(recovery);
    await expect(page.getByText('驗證碼錯誤,請再試一次。')).toBeVisible();
    await expect(page).toHaveURL(/\/login\/second-factor/);
  });

  test('a password-only session reaches nothing of the dashboard: no page, no export, no action', async ({
    page,
    sql,
    dashboard,
    baseURL,
  }) => {
    // A dashboard form as a signed-in applicant sees it: its action id is what is posted.
    const other = await addAccount(sql);
    await dashboard.signIn(other.login, PASSWORD);
    const personForm = await findForm(
      `${baseURL}/dashboard/persons/new`,
      'identityNumber',
      await cookieHeader(page),
    );
    await dashboard.signOut();

    const { login } = await addAccount(sql, { secret: SECRET });
    await dashboard.signInToSecondFactor(login, PASSWORD);
    const pending = await cookieHeader(page);
    for (const path of [
      '/dashboard',
      '/dashboard/passes',
      '/dashboard/persons',
      '/dashboard/account',
    ]) {
      await page.goto(path);
      await expect(page, path).toHaveURL(/\/login\/second-factor/);
    }
    const exported = await fetch(`${baseURL}/dashboard/export/passes`, {
      headers: { cookie: pending },
      redirect: 'manual',
    });
    expect(exported.status).toBe(307);
    expect(exported.headers.get('location')).toMatch(/\/login$/);
    const posted = await submitForm(
      `${baseURL}/dashboard/persons/new`,
      personForm,
      { identityNumber: 'A123456789', name: '偽造', mobile: '0911222333' },
      { cookie: pending },
    );
    expect(posted.status).toBeLessThan(500);
    expect(posted.text).toContain('登入逾時,請重新登入。');
    expect(
      (await sql`select 1 from persons where name = '偽造' and mobile = '0911222333'`).length,
    ).toBe(0);
  });
});

test.describe('a company that requires it', () => {
  test('from 業者與帳號: an account without a factor lands on enrolment, and nothing of the dashboard works before it enrols', async ({
    page,
    sql,
    dashboard,
    browser,
    baseURL,
  }) => {
    const company = await addCompany(sql);
    const { taxId } = company;
    const { login } = await addAccount(sql, { company });
    await dashboard.signIn(login, PASSWORD);
    const personForm = await findForm(
      `${baseURL}/dashboard/persons/new`,
      'identityNumber',
      await cookieHeader(page),
    );

    await asOperator({ browser, baseURL, sql }, async (operator) => {
      const form = operator.getByTestId('require-second-factor');
      await form.getByLabel('統一編號').fill(taxId);
      await form.getByRole('button', { name: '要求兩步驟驗證' }).click();
      await expect(operator.getByTestId('require-second-factor-message')).toHaveText(
        '已要求此業者的帳號使用兩步驟驗證。',
      );
      await expect(operator.getByTestId(`company-${taxId}`)).toContainText(
        '此業者的帳號須使用兩步驟驗證。',
      );
    });
    expect(await auditActions(sql, `company:${taxId}`)).toEqual(['company.require-second-factor']);

    // The open session had no factor: it ends at its next request.
    await page.reload();
    await expect(page).toHaveURL(/\/login(\?|$)/);
    await dashboard.signInToSecondFactor(login, PASSWORD);
    await expect(page.getByText('貴公司要求使用兩步驟驗證')).toBeVisible();
    await expect(page.getByRole('img', { name: '驗證器 App 設定用 QR 碼' })).toBeVisible();
    const secret = (await page.getByTestId('totp-secret').innerText()).replace(/\s/g, '');

    // Before enrolling: a dashboard URL and a posted dashboard action do nothing.
    await page.goto('/dashboard/persons');
    await expect(page).toHaveURL(/\/login\/second-factor/);
    const posted = await submitForm(
      `${baseURL}/dashboard/persons/new`,
      personForm,
      { identityNumber: 'A123456789', name: '未設定', mobile: '0911222444' },
      { cookie: await cookieHeader(page) },
    );
    expect(posted.text).toContain('登入逾時,請重新登入。');
    expect((await sql`select 1 from persons where mobile = '0911222444'`).length).toBe(0);

    await dashboard.enterCode(totpCode(secret, new Date()));
    await expect(page.getByTestId('recovery-codes').getByRole('listitem')).toHaveCount(10);
    await page.getByRole('link', { name: '進入系統' }).click();
    await expect(page).toHaveURL(/\/dashboard\/passes/);
    await page.goto('/dashboard/account');
    await expect(page.getByText('貴公司要求所有帳號使用兩步驟驗證。')).toBeVisible();
    await expect(page.getByTestId('second-factor-status')).toHaveText('狀態:已啟用');
  });

  test('npm run ops: require it for a company, reset an account (its sessions end, it enrols again), then --off', async ({
    page,
    dashboard,
  }) => {
    const databaseUrl = process.env.E2E_DATABASE_URL!;
    const ops = async (args: string[], stdin?: string) => {
      const result = await runOps(args, { databaseUrl, stdin });
      expect(result.code, result.stderr).toBe(0);
      return result.stdout;
    };
    let taxId = '';
    for (let n = 90_000_000 + (Date.now() % 900_000) * 10; !taxId; n += 1)
      taxId = normaliseTaxId(String(n)) ?? '';
    const login = `e2e-2fa-cli-${Date.now() % 1_000_000}`;
    await ops(['company', 'add', '--tax-id', taxId, '--name', '二階段指令業者']);
    await ops(['account', 'add', '--company', taxId, '--login', login], `${PASSWORD}\n`);
    await ops(['company', 'require-second-factor', '--tax-id', taxId]);
    expect(await ops(['company', 'list'])).toContain(
      `${taxId}\t二階段指令業者\t(second factor required)`,
    );

    await dashboard.signInToSecondFactor(login, PASSWORD);
    const first = (await page.getByTestId('totp-secret').innerText()).replace(/\s/g, '');
    await dashboard.enterCode(totpCode(first, new Date()));
    await page.getByRole('link', { name: '進入系統' }).click();
    await expect(page).toHaveURL(/\/dashboard\/passes/);
    expect(await ops(['account', 'list', '--company', taxId])).toContain('(TOTP enrolled)');

    await ops(['account', 'reset-second-factor', '--login', login]);
    await page.reload();
    await expect(page).toHaveURL(/\/login(\?|$)/);
    // Required still: the next sign-in enrols a new secret before anything else.
    await dashboard.signInToSecondFactor(login, PASSWORD);
    const second = (await page.getByTestId('totp-secret').innerText()).replace(/\s/g, '');
    expect(second).not.toBe(first);
    await dashboard.signOut();

    await ops(['company', 'require-second-factor', '--tax-id', taxId, '--off']);
    await dashboard.signIn(login, PASSWORD);
    await expect(page).toHaveURL(/\/dashboard\/passes/);
  });
});

test("an operator's reset from 業者與帳號: the account's sessions end and the next sign-in needs no code", async ({
  page,
  sql,
  dashboard,
  browser,
  baseURL,
}) => {
  const { login, company } = await addAccount(sql, { secret: SECRET });
  await dashboard.signInToSecondFactor(login, PASSWORD);
  await dashboard.enterCode(await accountCode(sql, login, SECRET));
  await expect(page).toHaveURL(/\/dashboard\/passes/);

  await asOperator({ browser, baseURL, sql }, async (operator) => {
    await expect(operator.getByTestId(`company-${company.taxId}`)).toContainText(login);
    const form = operator.getByTestId('reset-second-factor');
    await form.getByLabel('帳號').fill(login);
    await form.getByText('重設兩步驟驗證', { exact: true }).click();
    await form.getByRole('button', { name: '確定重設' }).click();
    await expect(operator.getByTestId('reset-second-factor-message')).toHaveText(
      '已重設兩步驟驗證,該帳號的所有登入已結束。',
    );
  });
  expect(await auditActions(sql, `account:${login}`)).toContain('account.reset-second-factor');

  await page.reload();
  await expect(page).toHaveURL(/\/login(\?|$)/);
  await dashboard.signIn(login, PASSWORD);
  await page.goto('/dashboard/account');
  await expect(page.getByTestId('second-factor-status')).toHaveText('狀態:未啟用');
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('enrolment on 帳號安全 and on a required sign-in: the recovery codes are in the page, no cookie holds them', async ({
    page,
    sql,
    dashboard,
  }) => {
    const { login } = await addAccount(sql);
    await dashboard.signIn(login, PASSWORD);
    await page.goto('/dashboard/account');
    const secret = (await page.getByTestId('totp-secret').innerText()).replace(/\s/g, '');
    await dashboard.enterCode(totpCode(secret, new Date()));
    // Without JavaScript the answer is a new page: wait for it before reading the codes.
    const listed = page.getByTestId('recovery-codes').getByRole('listitem');
    await expect(listed).toHaveCount(10);
    const codes = await listed.allInnerTexts();
    await expect(page.getByTestId('second-factor-status')).toHaveText('狀態:已啟用');
    const cookies = await cookieHeader(page);
    for (const code of codes) expect(cookies).not.toContain(code.replace('-', ''));

    const company = await addCompany(sql, { secondFactorRequired: true });
    const required = await addAccount(sql, { company });
    await page.context().clearCookies();
    await dashboard.signInToSecondFactor(required.login, PASSWORD);
    const next = (await page.getByTestId('totp-secret').innerText()).replace(/\s/g, '');
    await dashboard.enterCode(totpCode(next, new Date()));
    await expect(page.getByTestId('recovery-codes').getByRole('listitem')).toHaveCount(10);
    // Shown once: the step again is the dashboard, not the codes.
    await page.goto('/login/second-factor');
    await expect(page).toHaveURL(/\/dashboard\/passes/);
  });
});

test('axe: no violations on 帳號安全 and the second-factor step', async ({
  page,
  sql,
  dashboard,
  baseURL,
}) => {
  const check = async (name: string) => {
    // After an action's answer Next streams the page's metadata: check the page once it has it.
    await expect(page).toHaveTitle(/\S/);
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations.map((v) => `${name}: ${v.id}: ${v.help}`)).toEqual([]);
  };
  const company = await addCompany(sql, { secondFactorRequired: true });
  const { login } = await addAccount(sql, { company });
  await dashboard.signInToSecondFactor(login, PASSWORD);
  await check('second-factor step, enrolling');
  const secret = (await page.getByTestId('totp-secret').innerText()).replace(/\s/g, '');
  await dashboard.enterCode(totpCode(secret, new Date()));
  await expect(page.getByTestId('recovery-codes')).toBeVisible();
  await check('second-factor step, recovery codes');
  await page.getByRole('link', { name: '進入系統' }).click();
  await page.goto('/dashboard/account');
  await expect(page.getByTestId('second-factor-status')).toHaveText('狀態:已啟用');
  await check('帳號安全, on');
  await dashboard.signOut();
  await dashboard.signInToSecondFactor(login, PASSWORD);
  await check('second-factor step, code');

  const plain = await addAccount(sql);
  await page.context().clearCookies();
  await dashboard.signIn(plain.login, PASSWORD);
  await page.goto('/dashboard/account');
  await expect(page.getByRole('img', { name: '驗證器 App 設定用 QR 碼' })).toBeVisible();
  await check('帳號安全, off');

  // And in English (the dashboard's other language).
  await page.context().addCookies([{ name: 'NEXT_LOCALE', value: 'en', url: baseURL! }]);
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Account security', level: 1 })).toBeVisible();
  await check('帳號安全 (en)');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.goto('/login');
  await page.getByRole('textbox', { name: 'Account', exact: true }).fill(login);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(
    page.getByRole('heading', { name: 'Two-step verification', level: 1 }),
  ).toBeVisible();
  await check('second-factor step (en)');
});
