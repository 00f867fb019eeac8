import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { DEMO_OPERATOR } from '../../db/seed';
import { totpCode } from '../../lib/auth/totp';
import { findForm, submitForm } from '../support/forms';
import { addCompany, addHolder, cookieHeader, expect, readCode, test } from './fixtures';
import { addOperator, ConsolePage, freshTotp } from './pages/console';
import type { VerifyFormPage } from './pages/verify-form';
import { E2E_METRICS_TOKEN } from './server-env';

const CONSOLE_PAGES = ['/console', '/console/companies', '/console/import', '/console/audit'];

/** A holder asks for a code on /verify (the public channel). */
async function requestCodeAsHolder(
  page: Page,
  verifyForm: VerifyFormPage,
  holder: Awaited<ReturnType<typeof addHolder>>,
) {
  await page.goto('/verify');
  await verifyForm.fillTriple(holder);
  await verifyForm.requestCode();
  await expect(page.getByText('驗證碼已經成功送出').first()).toBeVisible();
}

test.describe('operator console: who gets in', () => {
  test('anonymous visitors get 404 on every console page, route and action', async ({
    request,
  }) => {
    for (const path of [...CONSOLE_PAGES, '/console/second-factor', '/console/audit/export?q=x'])
      expect((await request.get(path)).status(), path).toBe(404);
    expect((await request.post('/console/import/run', { data: 'x' })).status()).toBe(404);
    // The other methods too: a 405 would tell that the route exists (review F4).
    expect((await request.get('/console/import/run')).status()).toBe(404);
    expect((await request.post('/console/audit/export', { data: 'x' })).status()).toBe(404);
    // OPTIONS answered 204 with an Allow header (third review F3).
    for (const path of ['/console/import/run', '/console/audit/export'])
      expect((await request.fetch(path, { method: 'OPTIONS' })).status(), path).toBe(404);
  });

  test('a forged session cookie (URL-encoded, or a bare name) does not pass for a just-reissued one: 404', async ({
    baseURL,
  }) => {
    for (const name of ['authjs.session-token', '__Secure-authjs.session-token'])
      for (const cookie of [`${name}=%41`, name, `${name}=`]) {
        const res = await fetch(`${baseURL}/console/second-factor`, { headers: { cookie } });
        expect(res.status, cookie).toBe(404);
      }
  });

  test('an applicant gets 404 on every console page, route and action', async ({
    page,
    sql,
    dashboard,
    baseURL,
    browser,
  }) => {
    // A console form as an operator sees it: its action id is what an applicant would forge.
    const operatorPage = await browser.newPage({ baseURL });
    const operator = await addOperator(sql);
    const asOperator = new ConsolePage(operatorPage, sql);
    await asOperator.signIn(operator);
    const companiesUrl = `${baseURL}/console/companies`;
    const form = await findForm(companiesUrl, 'companyTaxId', await cookieHeader(operatorPage));
    await operatorPage.close();

    await dashboard.signIn('demo-a', 'demo-a-pass');
    const cookie = await cookieHeader(page);
    for (const path of [...CONSOLE_PAGES, '/console/second-factor', '/console/audit/export?q=x'])
      expect((await page.request.get(path)).status(), path).toBe(404);
    expect((await page.request.post('/console/import/run', { data: 'x' })).status()).toBe(404);
    expect((await page.request.get('/console/import/run')).status()).toBe(404);
    expect((await page.request.delete('/console/audit/export')).status()).toBe(404);
    const forged = await submitForm(
      companiesUrl,
      form,
      { companyTaxId: '12345675', login: 'forged-by-a', password: 'forged-password' },
      { cookie },
    );
    expect(forged.status).toBe(404);
    expect((await sql`select 1 from accounts where login = 'forged-by-a'`).length).toBe(0);
  });

  test('a password-only session reaches nothing but the second-factor step', async ({
    page,
    sql,
    operatorConsole,
  }) => {
    const operator = await addOperator(sql);
    await operatorConsole.signInWithPassword(operator.login, operator.password);
    await expect(page.getByRole('heading', { name: '兩步驟驗證' })).toBeVisible();
    for (const path of CONSOLE_PAGES)
      expect((await page.request.get(path)).status(), path).toBe(404);
    await page.goto('/dashboard/passes');
    await expect(page).toHaveURL(/\/console\/second-factor/);
  });

  test('a cookie planted before the second factor opens nothing once the operator completes it', async ({
    page,
    sql,
    operatorConsole,
    baseURL,
  }) => {
    // The attacker holds a copy of the pending (password-only) cookie the operator's browser uses.
    const operator = await addOperator(sql);
    await operatorConsole.signInWithPassword(operator.login, operator.password);
    const planted = await cookieHeader(page);
    await operatorConsole.enterCode(await freshTotp(sql, operator.login, operator.secret));
    await expect(page.getByRole('heading', { name: '總覽', level: 1 })).toBeVisible();
    // The operator's browser got a new cookie for a new session; the copy names the ended one.
    expect(await cookieHeader(page)).not.toBe(planted);
    const get = (path: string, cookie: string) =>
      fetch(`${baseURL}${path}`, { headers: { cookie }, redirect: 'manual' });
    for (const path of ['/console', '/console/companies'])
      expect((await get(path, planted)).status, path).toBe(404);
    expect((await get('/console', await cookieHeader(page))).status).toBe(200);

    // Third review F1: the copy asks Auth.js to move it onto the new session (its id leaked):
    // clients may not update a session at all, and the new id only replaces its own pending one.
    const [fresh] = await sql`select s.id from sessions s join operators o on o.id = s.operator_id
      where o.login = ${operator.login} and s.second_factor_at is not null and s.ended_at is null`;
    const csrf = (await (await get('/api/auth/csrf', planted)).json()) as { csrfToken: string };
    const update = await fetch(`${baseURL}/api/auth/session`, {
      method: 'POST',
      headers: { cookie: planted, 'content-type': 'application/json', origin: baseURL! },
      body: JSON.stringify({ csrfToken: csrf.csrfToken, data: { sessionId: fresh!.id } }),
      redirect: 'manual',
    });
    expect(update.status).toBe(404);
    const moved = update.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    for (const cookie of [planted, moved].filter(Boolean))
      expect((await get('/console', cookie)).status).toBe(404);
  });

  test('demo-ops signs in with password + TOTP; the same code is refused a second time', async ({
    page,
    sql,
    operatorConsole,
  }) => {
    const code = await freshTotp(sql, DEMO_OPERATOR.login, DEMO_OPERATOR.totpSecret);
    await operatorConsole.signInWithPassword(DEMO_OPERATOR.login, DEMO_OPERATOR.password);
    await operatorConsole.enterCode(code);
    await expect(page.getByRole('heading', { name: '總覽', level: 1 })).toBeVisible();
    await operatorConsole.signOut();

    await operatorConsole.signInWithPassword(DEMO_OPERATOR.login, DEMO_OPERATOR.password);
    await operatorConsole.enterCode(code);
    await expect(page.getByText('此驗證碼已使用過')).toBeVisible();
    expect((await page.request.get('/console')).status()).toBe(404);
  });

  test('a new operator enrols TOTP from the QR page and gets recovery codes once', async ({
    page,
    sql,
    operatorConsole,
  }) => {
    const { login, password } = await addOperator(sql);
    await sql`update operators set totp_secret = null, totp_enrolled_at = null where login = ${login}`;
    await operatorConsole.signInWithPassword(login, password);
    await expect(page.getByRole('img', { name: '驗證器 App 設定用 QR 碼' })).toBeVisible();
    const secret = (await page.getByTestId('totp-secret').innerText()).replace(/\s/g, '');
    await operatorConsole.enterCode(totpCode(secret, new Date()));
    await expect(page.getByTestId('recovery-codes').getByRole('listitem')).toHaveCount(10);
    await page.getByRole('link', { name: '前往營運控制台' }).click();
    await expect(page.getByRole('heading', { name: '總覽', level: 1 })).toBeVisible();
  });

  test('/api/metrics answers only with the bearer token', async ({ request }) => {
    expect((await request.get('/api/metrics')).status()).toBe(404);
    expect(
      (
        await request.get('/api/metrics', { headers: { authorization: 'Bearer wrong-token-123' } })
      ).status(),
    ).toBe(404);
    const res = await request.get('/api/metrics', {
      headers: { authorization: `Bearer ${E2E_METRICS_TOKEN}` },
    });
    expect(res.status()).toBe(200);
    const text = await res.text();
    expect(text).toContain('verification_codes_requested_total');
    expect(text).toContain('# TYPE sms_send_duration_seconds histogram');
    expect(text).toContain('db_connections');
  });
});

test.describe('endpoints that exist only when enabled', () => {
  const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

  test('/api/metrics answers 404 to every method without the token or with a wrong one', async ({
    request,
  }) => {
    for (const method of METHODS) {
      for (const headers of [{}, { authorization: 'Bearer wrong-token-123' }] as Array<
        Record<string, string>
      >) {
        const res = await request.fetch('/api/metrics', { method, headers });
        expect(res.status(), `${method} ${JSON.stringify(headers)}`).toBe(404);
      }
    }
    // Only GET reads the figures, even with the token.
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']) {
      const res = await request.fetch('/api/metrics', {
        method,
        headers: { authorization: `Bearer ${E2E_METRICS_TOKEN}` },
      });
      expect(res.status(), method).toBe(404);
    }
  });

  test('/api/dev/sms answers 404 to every method but GET', async ({ request }) => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']) {
      const res = await request.fetch('/api/dev/sms', { method });
      expect(res.status(), method).toBe(404);
    }
  });
});

test.describe('operator console without JavaScript', () => {
  test.use({ javaScriptEnabled: false });
  test('password, then the TOTP code: plain form posts reach the overview', async ({
    page,
    sql,
    operatorConsole,
  }) => {
    const operator = await addOperator(sql);
    await operatorConsole.signInWithPassword(operator.login, operator.password);
    await operatorConsole.enterCode('000000');
    await expect(page.getByText('驗證碼錯誤,請再試一次。')).toBeVisible();
    await operatorConsole.enterCode(await freshTotp(sql, operator.login, operator.secret));
    await expect(page.getByRole('heading', { name: '總覽', level: 1 })).toBeVisible();
  });

  test('enrolment shows the recovery codes once in the page; no cookie ever holds them', async ({
    page,
    sql,
    operatorConsole,
  }) => {
    const { login, password } = await addOperator(sql);
    await sql`update operators set totp_secret = null, totp_enrolled_at = null where login = ${login}`;
    await operatorConsole.signInWithPassword(login, password);
    const secret = (await page.getByTestId('totp-secret').innerText()).replace(/\s/g, '');
    await operatorConsole.enterCode(totpCode(secret, new Date()));
    // Without JavaScript the answer is a new page: wait for it before reading the codes.
    const listed = page.getByTestId('recovery-codes').getByRole('listitem');
    await expect(listed).toHaveCount(10);
    const codes = await listed.allInnerTexts();
    const cookies = await cookieHeader(page);
    for (const code of codes) expect(cookies).not.toContain(code.replace('-', ''));
    expect(cookies).not.toContain('form-answer');
    // Shown once: the page again is the console, not the codes.
    await page.goto('/console/second-factor');
    await expect(page.getByRole('heading', { name: '總覽', level: 1 })).toBeVisible();
    await expect(page.getByTestId('recovery-codes')).toHaveCount(0);
  });
});

test.describe('operator console: pages', () => {
  test('the overview shows the real figures after verifications', async ({
    page,
    sql,
    request,
    verifyForm,
    operatorConsole,
  }) => {
    const company = await addCompany(sql);
    const holder = await addHolder(sql, { company });
    await requestCodeAsHolder(page, verifyForm, holder);
    await verifyForm.submitCode(await readCode(request, holder.mobile));
    await expect(page.getByText('手機驗證完成').first()).toBeVisible();

    await operatorConsole.signIn(await addOperator(sql));
    const [sent] = await sql`select count(*)::int as n from verification_attempts
      where state not in ('send-failed') and sent_at >= now() - interval '29 days'`;
    const [verified] = await sql`select count(*)::int as n from verification_attempts
      where state = 'verified' and sent_at >= now() - interval '29 days'`;
    const funnel = page.getByTestId('funnel-table');
    await expect(funnel.getByRole('row').filter({ hasText: '已發送' })).toContainText(
      String(sent!.n),
    );
    await expect(
      funnel
        .getByRole('row')
        .filter({ hasText: /^已驗證/ })
        .first(),
    ).toContainText(String(verified!.n));
    await expect(page.getByTestId('company-table')).toContainText(company.taxId);
    await expect(page.getByRole('img', { name: '每日發送簡訊數(依管道)' })).toBeVisible();
  });

  test('adds an applicant account that can then sign in', async ({
    page,
    sql,
    dashboard,
    operatorConsole,
  }) => {
    const company = await addCompany(sql);
    await operatorConsole.signIn(await addOperator(sql));
    await operatorConsole.open('業者與帳號');
    const login = `e2e-acct-${company.taxId}`;
    const form = page.getByTestId('add-account');
    // The action parses with the shared schema and answers with the field message.
    await form.getByLabel('統一編號').fill('12345678');
    await form.getByRole('button', { name: '新增申請人帳號' }).click();
    await expect(form.getByText('請輸入 8 位數且檢查碼正確的統一編號。')).toBeVisible();
    await form.getByLabel('統一編號').fill(company.taxId);
    await form.getByLabel('帳號').fill(login);
    await form.getByLabel('姓名').fill('新申請人');
    await form.getByLabel(/^密碼/).fill('new-account-pass');
    await form.getByRole('button', { name: '新增申請人帳號' }).click();
    await expect(page.getByTestId('add-account-message')).toHaveText('已新增帳號。');
    await expect(page.getByTestId(`company-${company.taxId}`)).toContainText(login);
    const [audit] = await sql`select actor from audit_log where subject = ${`account:${login}`}`;
    expect(audit?.actor).toMatch(/^console:e2e-ops-/);

    await operatorConsole.signOut();
    await dashboard.signIn(login, 'new-account-pass');
    await expect(page.getByText('新申請人')).toBeVisible();
  });

  test('imports a CSV with a bad line: dry run first, then the import', async ({
    page,
    sql,
    operatorConsole,
  }) => {
    const first = await addCompany(sql);
    const second = await addCompany(sql);
    await operatorConsole.signIn(await addOperator(sql));
    await operatorConsole.open('通行證匯入');
    const tag = String(Date.now() % 1_000_000).padStart(6, '0');
    const csv = [
      'pass_number,holder_identity_number,holder_name,company_tax_id,valid_from,valid_until',
      `KHPS150-${tag}1,A123456789,匯入測試一,${first.taxId},2026-01-01,2027-01-01`,
      `KHPS150-${tag}2,A123456780,壞的一行,${first.taxId},2026-01-01,2027-01-01`,
      `KHPS150-${tag}3,B123456780,匯入測試三,${second.taxId},2026-01-01,2027-01-01`,
    ].join('\n');
    await page.getByLabel('CSV 檔案').setInputFiles({
      name: 'passes.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv),
    });
    await page.getByRole('button', { name: '試算(不寫入)' }).click();
    const report = page.getByTestId('import-report');
    await expect(report).toContainText('試算結果');
    await expect(page.getByTestId('report-inserted')).toHaveText('2');
    await expect(page.getByTestId('report-rejected')).toHaveText('1');
    await expect(page.getByTestId('report-rejections')).toContainText('3');
    await expect(page.getByTestId('report-rejections')).toContainText(
      '身分證號檢查碼不正確,請確認最後一碼',
    );
    expect(
      (await sql`select 1 from passes where pass_number like ${`KHPS150-${tag}%`}`).length,
    ).toBe(0);

    await page.getByRole('button', { name: '匯入', exact: true }).click();
    await expect(report).toContainText('匯入結果');
    await expect(page.getByTestId('report-inserted')).toHaveText('2');
    await expect(page.getByTestId('import-progress')).toHaveAttribute('value', '2');
    expect(
      (await sql`select 1 from passes where pass_number like ${`KHPS150-${tag}%`}`).length,
    ).toBe(2);
  });

  test('a dry run gives each rejection in the page language: the seeded holder is accepted, a wrong check digit is refused', async ({
    page,
    sql,
    operatorConsole,
  }) => {
    const [seeded] = await sql`select p.pass_number, p.holder_identity_number, p.holder_name,
        c.tax_id, p.valid_from::text as valid_from, p.valid_until::text as valid_until
      from passes p join companies c on c.id = p.company_id where p.pass_number = 'KHPS113-000043'`;
    const row = [
      seeded!.pass_number,
      seeded!.holder_identity_number,
      seeded!.holder_name,
      seeded!.tax_id,
      seeded!.valid_from,
      seeded!.valid_until,
    ].join(',');
    expect(row).toMatch(/^KHPS113-000043,QQ12345673,/);
    await operatorConsole.signIn(await addOperator(sql));
    await operatorConsole.open('通行證匯入');
    const dryRun = async (lines: string[]) => {
      await page.getByLabel('CSV 檔案').setInputFiles({
        name: 'passes.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(
          [
            'pass_number,holder_identity_number,holder_name,company_tax_id,valid_from,valid_until',
            ...lines,
          ].join('\n'),
        ),
      });
      await page.getByRole('button', { name: '試算(不寫入)' }).click();
      await expect(page.getByTestId('import-report')).toContainText('試算結果');
    };

    await dryRun([row]);
    await expect(page.getByTestId('report-rejected')).toHaveText('0');
    await expect(page.getByTestId('report-unchanged')).toHaveText('1');

    await dryRun([row, 'KHPS150-999001,A123000411,某人,12345675,2026-01-01,2027-01-01']);
    await expect(page.getByTestId('report-rejected')).toHaveText('1');
    const rejection = page.getByTestId('report-rejections').locator('tbody tr');
    await expect(rejection).toHaveCount(1);
    await expect(rejection).toContainText('3');
    await expect(rejection).toContainText('身分證號檢查碼不正確,請確認最後一碼');
  });

  test("finds a pass's attempts in the audit, and exports them", async ({
    page,
    sql,
    request,
    verifyForm,
    operatorConsole,
  }) => {
    const holder = await addHolder(sql);
    await requestCodeAsHolder(page, verifyForm, holder);
    await readCode(request, holder.mobile);

    await operatorConsole.signIn(await addOperator(sql));
    await operatorConsole.open('稽核查詢');
    await page.getByLabel('通行證號、身分證號或手機號碼').fill(holder.passNumber);
    await page.getByRole('button', { name: '查詢' }).click();
    const masked = `${holder.mobile.slice(0, 4)}-***-${holder.mobile.slice(7)}`;
    const attempts = page.getByTestId('audit-attempts');
    await expect(attempts).toContainText(holder.passNumber);
    await expect(attempts).toContainText(masked);
    await expect(attempts).toContainText('已發送');
    await expect(attempts).not.toContainText(holder.mobile);
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: '匯出 CSV' }).click();
    const file = await (await download).createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of file) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    expect(text).toContain(holder.passNumber);
    expect(text).toContain(masked);
    expect(text).not.toContain(holder.mobile);
    // As the screen shows it (refinement 13): its headings and states in zh-TW, Taiwan time.
    const screenTime = (await attempts.getByRole('cell').first().innerText()).trim();
    expect(text).toContain('時間');
    expect(text).toContain('已發送');
    expect(text).toContain(screenTime);
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:/);
  });

  test('axe: no violations on any console page', async ({ page, sql, operatorConsole }) => {
    const operator = await addOperator(sql);
    await operatorConsole.signInWithPassword(operator.login, operator.password);
    const second = await new AxeBuilder({ page }).analyze();
    expect(second.violations.map((v) => `second-factor: ${v.id}: ${v.help}`)).toEqual([]);
    await operatorConsole.enterCode(await freshTotp(sql, operator.login, operator.secret));
    await expect(page.getByRole('heading', { name: '總覽', level: 1 })).toBeVisible();
    for (const path of [...CONSOLE_PAGES, '/console/audit?q=KHPS113-000043']) {
      await page.goto(path);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      const results = await new AxeBuilder({ page }).analyze();
      expect(results.violations.map((v) => `${path}: ${v.id}: ${v.help}`)).toEqual([]);
    }
  });
});
