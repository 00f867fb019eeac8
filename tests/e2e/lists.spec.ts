import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './fixtures';
import { runOps } from '../support/run-ops';

/**
 * The 所屬通行證 list of a company with 45 passes: keyset pages through 第一頁 / 上一頁 / 下一頁 /
 * 最後一頁 that keep the order and filters in the URL, counts that apply the filter.
 */
test('a long list: pages forwards and back, the order and filters kept, axe clean at 390 and 1280 px', async ({
  page,
  sql,
  dashboard,
}) => {
  const taxId = '86420131';
  await sql`insert into companies (tax_id, name) values (${taxId}, '長名單測試有限公司')
    on conflict (tax_id) do nothing`;
  const [company] = await sql`select id from companies where tax_id = ${taxId}`;
  await sql`insert into passes (pass_number, holder_identity_number, holder_name, company_id,
      valid_from, valid_until)
    select 'KHPS150-' || lpad(i::text, 6, '0'), 'LL' || lpad(i::text, 8, '0'),
      case when i % 3 = 0 then '陳' else '林' end || '員' || i, ${company!.id},
      current_date - 10, current_date + 100 + i
    from generate_series(1, 45) i
    on conflict (pass_number) do nothing`;
  const add = await runOps(
    ['account', 'add', '--company', taxId, '--login', 'e2e-lists', '--display-name', '名單'],
    { databaseUrl: process.env.E2E_DATABASE_URL!, stdin: 'e2e-lists-password\n' },
  );
  expect([0, 1]).toContain(add.code); // 1: the account exists from an earlier run of this file
  await dashboard.signIn('e2e-lists', 'e2e-lists-password');

  const pagination = page.getByRole('navigation', { name: '分頁' });
  const firstCell = () => page.getByRole('row').nth(1).getByRole('link').first();
  await expect(page.getByText('共 45 筆')).toBeVisible();
  await expect(pagination.getByText('第 1 / 3 頁')).toBeVisible();
  await expect(firstCell()).toHaveText('KHPS150-000001');
  await expect(pagination.getByRole('link', { name: '上一頁' })).toHaveCount(0);

  await pagination.getByRole('link', { name: '下一頁' }).click();
  await expect(pagination.getByText('第 2 / 3 頁')).toBeVisible();
  await expect(firstCell()).toHaveText('KHPS150-000021');
  await pagination.getByRole('link', { name: '最後一頁' }).click();
  await expect(pagination.getByText('第 3 / 3 頁')).toBeVisible();
  await expect(page.getByRole('row')).toHaveCount(1 + 5);
  await expect(pagination.getByRole('link', { name: '下一頁' })).toHaveCount(0);
  await pagination.getByRole('link', { name: '上一頁' }).click();
  await expect(pagination.getByText('第 2 / 3 頁')).toBeVisible();
  await expect(firstCell()).toHaveText('KHPS150-000021');
  await pagination.getByRole('link', { name: '第一頁' }).click();
  await expect(pagination.getByText('第 1 / 3 頁')).toBeVisible();

  // 期限迄日 descending, then the next page: the order stays in the URL.
  await page.getByRole('link', { name: /^期限迄日/ }).click();
  await expect(page.getByRole('link', { name: '期限迄日 ▲' })).toBeVisible();
  await page.getByRole('link', { name: /^期限迄日/ }).click();
  await expect(page.getByRole('link', { name: '期限迄日 ▼' })).toBeVisible();
  await expect(page).toHaveURL(/sort=validUntil.*dir=desc/);
  await expect(firstCell()).toHaveText('KHPS150-000045');
  await pagination.getByRole('link', { name: '下一頁' }).click();
  await expect(page).toHaveURL(/sort=validUntil.*dir=desc.*after=/);
  await expect(firstCell()).toHaveText('KHPS150-000025');

  // A name filter and the status counts above the list: 15 holders named 陳…, all 未驗證.
  await page.getByLabel('姓名').fill('陳');
  await page.getByRole('button', { name: '查詢' }).click();
  await expect(page.getByText('共 15 筆')).toBeVisible();
  await expect(page.getByTestId('count-unverified')).toHaveText('未驗證 15');
  await expect(page.getByTestId('count-verified')).toHaveText('已驗證 0');
  await expect(pagination).toHaveCount(0);

  await page.goto('/dashboard/passes?page=2&after=bm90LWEtY3Vyc29y');
  await expect(firstCell()).toHaveText('KHPS150-000001'); // a broken cursor: the first page
  await pagination.getByRole('link', { name: '下一頁' }).click();
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: test.info().outputPath(`list-${width}.png`), fullPage: true });
    const axe = await new AxeBuilder({ page }).analyze();
    expect(axe.violations.map((v) => v.id)).toEqual([]);
  }
});

test('人員資料 of a company with 120 records: 50 a page, the search kept across pages', async ({
  page,
  sql,
  dashboard,
}) => {
  const taxId = '86420136';
  await sql`insert into companies (tax_id, name) values (${taxId}, '人員名單測試有限公司')
    on conflict (tax_id) do nothing`;
  const [company] = await sql`select id from companies where tax_id = ${taxId}`;
  await sql`insert into persons (identity_number, name, mobile, company_id)
    select 'LP' || lpad(i::text, 8, '0'), case when i % 2 = 0 then '陳' else '林' end || '員' || i,
      '09' || lpad((80000000 + i)::text, 8, '0'), ${company!.id}
    from generate_series(1, 120) i
    on conflict do nothing`;
  const add = await runOps(
    ['account', 'add', '--company', taxId, '--login', 'e2e-people', '--display-name', '人員'],
    { databaseUrl: process.env.E2E_DATABASE_URL!, stdin: 'e2e-people-password\n' },
  );
  expect([0, 1]).toContain(add.code);
  await dashboard.signIn('e2e-people', 'e2e-people-password');
  await page.goto('/dashboard/persons');

  const pagination = page.getByRole('navigation', { name: '分頁' });
  const firstCell = () => page.getByRole('row').nth(1).getByRole('cell').first();
  await expect(page.getByTestId('persons-total')).toHaveText('共 120 筆');
  await expect(pagination.getByText('第 1 / 3 頁')).toBeVisible();
  await expect(firstCell()).toHaveText('LP00000001');
  await pagination.getByRole('link', { name: '下一頁' }).click();
  await expect(pagination.getByText('第 2 / 3 頁')).toBeVisible();
  await expect(firstCell()).toHaveText('LP00000051');
  await pagination.getByRole('link', { name: '最後一頁' }).click();
  await expect(page.getByRole('row')).toHaveCount(1 + 20);
  await expect(firstCell()).toHaveText('LP00000101');

  await page.getByLabel('查詢(身分證號、姓名、手機號碼)').fill('陳');
  await page.getByRole('button', { name: '查詢' }).click();
  await expect(page.getByTestId('persons-total')).toHaveText('共 60 筆');
  await pagination.getByRole('link', { name: '下一頁' }).click();
  await expect(page).toHaveURL(/q=%E9%99%B3.*after=LP00000100/);
  await expect(firstCell()).toHaveText('LP00000102');
  await expect(page.getByRole('row')).toHaveCount(1 + 10);
});
