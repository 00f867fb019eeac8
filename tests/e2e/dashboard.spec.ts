import fs from 'node:fs';
import {
  addAccount,
  addCompany,
  addHolder,
  dashed,
  expect,
  readCode,
  smsCount,
  test,
  type Sql,
} from './fixtures';
import { runOps } from '../support/run-ops';
import type { DashboardPage } from './pages/dashboard';

/** An applicant of a company of its own, signed in, and one holder of that company. */
async function signInWithOwnHolder(
  sql: Sql,
  dashboard: DashboardPage,
  options: { verified?: boolean } = {},
) {
  const account = await addAccount(sql);
  const holder = await addHolder(sql, { company: account.company, ...options });
  await dashboard.signIn(account.login, account.password);
  return { account, holder };
}

test.describe('applicant dashboard (manual 操作方式(二) and 二、手機驗證狀態檢視)', () => {
  test('wrong passwords get one generic message and no session', async ({
    page,
    sql,
    dashboard,
  }) => {
    // An account of its own: failed sign-ins count towards its lockout.
    const account = await addAccount(sql);
    await dashboard.signIn(account.login, 'wrong-password', false);
    await expect(page.getByTestId('sign-in-error')).toHaveText('帳號或密碼錯誤');
    await dashboard.signIn('no-such-account', 'whatever', false);
    await expect(page.getByTestId('sign-in-error')).toHaveText('帳號或密碼錯誤');
    await page.goto('/dashboard/passes');
    await expect(page).toHaveURL(/\/login/);
  });

  test('demo-a sees its 所屬 and 非所屬 passes with the demo statuses, never KHPS113-000060', async ({
    page,
    dashboard,
  }) => {
    await dashboard.signIn('demo-a', 'demo-a-pass');
    await expect(page.getByRole('heading', { name: '人員通行證手機驗證' })).toBeVisible();
    await expect(page.getByText('高港示範運輸股份有限公司')).toBeVisible();
    const expected: Record<string, string> = {
      'KHPS113-000043': '未驗證',
      'KHPS113-000040': '未驗證',
      'KHPS113-000041': '已驗證',
      'KHPS113-000042': '待驗證',
      'KHPS113-000044': '未驗證',
      'KHPS113-000045': '未驗證',
      'KHPS112-000099': '未驗證',
      'KHPS111-000050': '未驗證',
    };
    await expect(page.getByText('共 8 筆')).toBeVisible();
    for (const [pass, status] of Object.entries(expected)) {
      await expect(dashboard.passRow(pass)).toContainText(status);
    }
    await expect(dashboard.passRow('KHPS113-000041')).toContainText('0912-000-041');
    await expect(dashboard.passRow('KHPS113-000042')).toContainText('0933-000-042');
    await expect(page.getByText('KHPS113-000050')).toHaveCount(0);
    await expect(page.getByText('KHPS113-000060')).toHaveCount(0);
    await expect(page.getByText('如果在[所屬通行證]畫面列表查詢不到通行證號')).toBeVisible();

    await dashboard.openTab('非所屬通行證');
    await expect(dashboard.passRow('KHPS113-000050')).toContainText('未驗證');
    await expect(page.getByText('KHPS113-000060')).toHaveCount(0);

    await dashboard.openTab('所屬通行證');
    await page.getByLabel('是否驗證').selectOption('pending');
    await page.getByRole('button', { name: '查詢' }).click();
    await expect(dashboard.passRow('KHPS113-000042')).toBeVisible();
    await expect(dashboard.passRow('KHPS113-000041')).toHaveCount(0);
    await expect(page).toHaveURL(/status=pending/);
  });

  test('send to a changed number: 已驗證 with the new number, 人員資料 updated', async ({
    page,
    request,
    sql,
    dashboard,
  }) => {
    const { holder } = await signInWithOwnHolder(sql, dashboard);
    const changed = `098${holder.mobile.slice(3)}`;
    await page.getByRole('link', { name: holder.passNumber }).click();
    await expect(page.getByTestId('field-name')).toHaveText('測試人員');
    await expect(page.getByTestId('field-defaultMobile')).toHaveText(dashed(holder.mobile));
    await page.getByLabel('修改手機號碼').fill(dashed(changed));
    await page.getByRole('button', { name: '取得驗證碼' }).click();
    await expect(page.getByTestId('send-outcome')).toContainText('驗證碼已經成功送出');
    await page.getByLabel('手機驗證碼').fill(await readCode(request, changed));
    await page.getByRole('button', { name: '送出驗證碼' }).click();
    await expect(page.getByTestId('confirm-outcome')).toContainText('人員資料手機號碼已同步更新');
    await page.reload();
    await expect(page.getByTestId('field-status')).toHaveText('已驗證');
    await expect(page.getByTestId('field-verifiedMobile')).toHaveText(dashed(changed));
    await page.getByRole('link', { name: '人員資料' }).click();
    await expect(page.getByRole('row').filter({ hasText: holder.identityNumber })).toContainText(
      dashed(changed),
    );
  });

  test('a company that does not maintain the holder sends to 預設手機號碼 and confirms (操作方式(二))', async ({
    page,
    request,
    sql,
    dashboard,
  }) => {
    // The applying company signs in; another company of its own maintains the holder's record.
    const account = await addAccount(sql);
    const holder = await addHolder(sql, {
      company: await addCompany(sql),
      appliedBy: account.company,
    });
    await dashboard.signIn(account.login, account.password);
    await page.goto(`/dashboard/passes/${holder.passNumber}`);
    await expect(page.getByLabel('修改手機號碼')).toHaveCount(0);
    await page.getByRole('button', { name: '取得驗證碼' }).click();
    await expect(page.getByTestId('send-outcome')).toContainText('驗證碼已經成功送出');
    expect(await smsCount(request, holder.mobile)).toBe(1);
    await page.getByLabel('手機驗證碼').fill(await readCode(request, holder.mobile));
    await page.getByRole('button', { name: '送出驗證碼' }).click();
    await expect(page.getByTestId('confirm-outcome')).toContainText('驗證完成');
    // Only the current answer shows (refinement 10).
    await expect(page.getByTestId('send-outcome')).toHaveCount(0);
    await page.reload();
    await expect(page.getByTestId('field-status')).toHaveText('已驗證');
  });

  test('editing then deleting a verified holder makes the pass 待驗證; the link re-adds the person pre-filled', async ({
    page,
    sql,
    dashboard,
  }) => {
    const { holder } = await signInWithOwnHolder(sql, dashboard, { verified: true });
    const other = `098${holder.mobile.slice(3)}`;
    await expect(dashboard.passRow(holder.passNumber)).toContainText('已驗證');
    await page.getByRole('link', { name: '人員資料' }).click();
    // A full load, so that networkidle means the form is hydrated (typed before, it would be
    // reset); after a client-side navigation the load state is the previous page's.
    const edit = page.getByRole('link', { name: `編輯 ${holder.identityNumber}` });
    await page.goto((await edit.getAttribute('href'))!, { waitUntil: 'networkidle' });
    await page.getByLabel('手機號碼').fill(other);
    await page.getByRole('button', { name: '儲存' }).click();
    await expect(page.getByText('人員資料已儲存。')).toBeVisible();
    const [edited] =
      await sql`select mobile from persons where identity_number = ${holder.identityNumber} and deleted_at is null`;
    expect(edited?.mobile).toBe(other);
    await page.goto('/dashboard/passes');
    await expect(dashboard.passRow(holder.passNumber)).toContainText('待驗證');

    await page.goto('/dashboard/persons');
    await page.getByRole('link', { name: `編輯 ${holder.identityNumber}` }).click();
    // One click only asks (refinement 5): the record is still there.
    await page.getByText('刪除人員資料', { exact: true }).click();
    await expect(page.getByText('確定要刪除此人員資料嗎?')).toBeVisible();
    const [kept] =
      await sql`select count(*)::int as n from persons where identity_number = ${holder.identityNumber} and deleted_at is null`;
    expect(kept!.n).toBe(1);
    await page.getByRole('button', { name: '確定刪除' }).click();
    await expect(page.getByText('人員資料已刪除。')).toBeVisible();
    await page.goto(`/dashboard/passes/${holder.passNumber}`);
    await expect(page.getByTestId('field-status')).toHaveText('待驗證');
    await expect(page.getByTestId('field-defaultMobile')).toHaveText('(空白)');
    await expect(page.getByRole('button', { name: '取得驗證碼' })).toBeDisabled();
    const add = page.getByRole('link', { name: '新增此人員資料' });
    await page.goto((await add.getAttribute('href'))!, { waitUntil: 'networkidle' });
    await expect(page.getByLabel('身分證號')).toHaveValue(holder.identityNumber);
    await expect(page.getByLabel('姓名')).toHaveValue('測試人員');
    await page.getByLabel('手機號碼').fill(holder.mobile);
    await page.getByRole('button', { name: '儲存' }).click();
    // Saved from the pass's link (提醒 4: 「再回到此頁進行驗證操作」): back on that pass.
    await expect(page).toHaveURL(new RegExp(`/dashboard/passes/${holder.passNumber}$`));
    await expect(page.getByTestId('field-status')).toHaveText('已驗證');
  });

  test('a holder who never got the SMS: cancel with a reason, send again, both in the history', async ({
    page,
    sql,
    dashboard,
  }) => {
    const { account, holder } = await signInWithOwnHolder(sql, dashboard);
    await page.goto(`/dashboard/passes/${holder.passNumber}`);
    await page.getByRole('button', { name: '取得驗證碼' }).click();
    await expect(page.getByTestId('send-outcome')).toContainText('驗證碼已經成功送出');
    await page.getByRole('button', { name: '取得驗證碼' }).click();
    await expect(page.getByTestId('send-outcome')).toContainText('只能發送[取得驗證碼]一次');
    await page.reload();
    await page.getByLabel('取消原因').fill('持證人未收到簡訊');
    await page.getByRole('button', { name: '取消未使用的驗證碼' }).click();
    await expect(page.getByTestId('cancel-outcome')).toContainText('已取消');
    await page.getByRole('button', { name: '取得驗證碼' }).click();
    await expect(page.getByTestId('send-outcome')).toContainText('驗證碼已經成功送出');
    await page.reload();
    const history = page.getByTestId('history');
    await expect(history.getByRole('row')).toHaveCount(2);
    await expect(history).toContainText('已取消(原因:持證人未收到簡訊)');
    await expect(history).toContainText(`業者申請人 ${account.login}`);
  });

  test('an anonymous request to the dashboard gets the login page', async ({ page }) => {
    await page.goto('/dashboard/passes/KHPS113-000041');
    await expect(page).toHaveURL(/\/login/);
  });
});

test.describe('operator-created accounts (npm run ops)', () => {
  test('an account added by the CLI signs in; once disabled it cannot, and its session ends', async ({
    page,
    sql,
    dashboard,
  }) => {
    const databaseUrl = process.env.E2E_DATABASE_URL!;
    const company = await addCompany(sql);
    const login = `e2e-cli-${company.taxId}`;
    const add = await runOps(
      [
        'account',
        'add',
        '--company',
        company.taxId,
        '--login',
        login,
        '--display-name',
        '指令申請人',
      ],
      { databaseUrl, stdin: 'e2e-cli-password\n' },
    );
    expect(add.code, add.stderr).toBe(0);
    await dashboard.signIn(login, 'e2e-cli-password');
    await expect(page.getByText('指令申請人')).toBeVisible();
    expect((await runOps(['account', 'disable', '--login', login], { databaseUrl })).code).toBe(0);
    await page.reload();
    await expect(page).toHaveURL(/\/login/);
    await dashboard.signIn(login, 'e2e-cli-password', false);
    await expect(page.getByTestId('sign-in-error')).toHaveText('帳號或密碼錯誤');
  });
});

test('the 人員資料 form checks in the browser with the server’s schema: nothing is posted until it is right', async ({
  page,
  dashboard,
}) => {
  await dashboard.signIn('demo-a', 'demo-a-pass');
  await page.goto('/dashboard/persons/new');
  await page.waitForLoadState('networkidle'); // typed before hydration would be reset
  const posts: string[] = [];
  page.on('request', (r) => {
    if (r.method() === 'POST') posts.push(r.url());
  });
  await page.getByLabel('身分證號').fill('A123456788');
  await page.getByRole('button', { name: '儲存' }).click();
  await expect(page.getByText('身分證號檢查碼不正確,請確認最後一碼')).toBeVisible();
  await expect(page.getByText('請輸入姓名')).toBeVisible();
  expect(posts).toEqual([]);
});

test('counts by status above the list apply the filter; 匯出 CSV downloads the filtered list for Excel', async ({
  page,
  dashboard,
}) => {
  await dashboard.signIn('demo-b', 'demo-b-pass');
  const count = page.getByTestId('count-unverified');
  // demo-b's 所屬通行證 are KHPS113-000050 and KHPS113-000060, both 未驗證.
  const n = Number(/未驗證 (\d+)/.exec(await count.innerText())?.[1]);
  expect(n).toBe(2);
  await count.click();
  await expect(page).toHaveURL(/status=unverified/);
  await expect(page.getByText(`共 ${n} 筆`)).toBeVisible();
  // The form says the filter that is on, and 查詢 keeps it (refinement 3).
  await expect(page.getByLabel('是否驗證')).toHaveValue('unverified');
  await page.getByRole('button', { name: '查詢' }).click();
  await expect(page).toHaveURL(/status=unverified/);
  await expect(page.getByText(`共 ${n} 筆`)).toBeVisible();
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    // Nothing scrolls sideways, neither the page nor the list's box (refinement 12).
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      width,
    );
    const box = page.locator('table').locator('..');
    expect(await box.evaluate((e) => e.scrollWidth - e.clientWidth)).toBeLessThanOrEqual(0);
    await page.screenshot({
      path: test.info().outputPath(`status-counts-${width}.png`),
      fullPage: true,
    });
  }

  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: '匯出 CSV' }).click();
  const bytes = fs.readFileSync((await (await download).path())!);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const lines = bytes.toString('utf8').slice(1).split('\r\n').filter(Boolean);
  expect(lines[0]).toBe(
    '通行證號,身分證號,姓名,期限起日,期限迄日,預設手機號碼,已驗證手機號碼,是否驗證',
  );
  expect(lines).toHaveLength(n + 1);
  expect(lines.every((l, i) => i === 0 || l.endsWith(',未驗證'))).toBe(true);
  expect(lines.join('\n')).not.toContain('KHPS113-000043');
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('刪除人員資料 asks first, then deletes: two plain steps', async ({
    page,
    sql,
    dashboard,
  }) => {
    const { holder } = await signInWithOwnHolder(sql, dashboard);
    await page.goto(`/dashboard/persons?q=${holder.identityNumber}`);
    await page.getByRole('link', { name: `編輯 ${holder.identityNumber}` }).click();
    await page.getByText('刪除人員資料', { exact: true }).click();
    await expect(page.getByText('確定要刪除此人員資料嗎?')).toBeVisible();
    await page.getByRole('button', { name: '確定刪除' }).click();
    await expect(page.getByText('人員資料已刪除。')).toBeVisible();
    const [left] =
      await sql`select count(*)::int as n from persons where identity_number = ${holder.identityNumber} and deleted_at is null`;
    expect(left!.n).toBe(0);
  });

  test('a wrong 修改手機號碼 comes back with its message and as typed', async ({
    page,
    sql,
    dashboard,
  }) => {
    const { holder } = await signInWithOwnHolder(sql, dashboard);
    await page.goto(`/dashboard/passes/${holder.passNumber}`);
    await page.getByLabel('修改手機號碼').fill('0812-345');
    await page.getByRole('button', { name: '取得驗證碼' }).click();
    await expect(page.getByText('手機號碼格式不正確')).toBeVisible();
    await expect(page.getByLabel('修改手機號碼')).toHaveValue('0812-345');
  });
});
