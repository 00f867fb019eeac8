/**
 * Company scoping through the dashboard: company B (demo-b) tries to read, change or take over
 * company A's (demo-a's) holders by the pages, the links and the action endpoints, and nothing of
 * A's moves. The tests only read the demo data: every attempt must be refused.
 */
import { findForm, submitForm } from '../support/forms';
import { cookieHeader, expect, test } from './fixtures';

test.describe('one company cannot read or take over another company’s holders', () => {
  test('company B never sees company A passes or persons', async ({ page, dashboard }) => {
    await dashboard.signIn('demo-b', 'demo-b-pass');
    await expect(dashboard.passRow('KHPS113-000060')).toBeVisible();
    await expect(page.getByText('KHPS113-000043')).toHaveCount(0);
    const res = await page.goto('/dashboard/passes/KHPS113-000043');
    expect(res?.status()).toBe(404);
    await page.goto('/dashboard/persons');
    await expect(page.getByText('QQ12345673')).toHaveCount(0);
  });

  test('company B on its pass KHPS113-000050, whose holder A maintains, cannot change the number: told so, no 修改手機號碼', async ({
    page,
    dashboard,
  }, testInfo) => {
    await dashboard.signIn('demo-b', 'demo-b-pass');
    await page.goto('/dashboard/passes/KHPS113-000050');
    await expect(page.getByTestId('maintained-elsewhere')).toContainText(
      '此人員資料由其他業者維護',
    );
    await expect(page.getByLabel('修改手機號碼')).toHaveCount(0);
    await expect(page.getByRole('button', { name: '取得驗證碼' })).toBeEnabled();
    for (const width of [390, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({
        path: testInfo.outputPath(`maintained-elsewhere-${width}.png`),
        fullPage: true,
      });
    }
  });

  test('company B cannot add the person record of A’s holder C223000441', async ({
    page,
    sql,
    dashboard,
  }) => {
    await dashboard.signIn('demo-b', 'demo-b-pass');
    await page.goto(
      '/dashboard/persons/new?identityNumber=C223000441&name=%E5%BC%B5%E9%9B%85%E5%A9%B7',
    );
    await page.waitForLoadState('networkidle');
    await page.getByLabel('手機號碼').fill('0966000441');
    await page.getByRole('button', { name: '儲存' }).click();
    await expect(page.getByText('不是貴公司任何通行證')).toBeVisible();
    expect(
      await sql`select 1 from persons where identity_number = 'C223000441' and mobile = '0966000441'`,
    ).toHaveLength(0);
  });
});

test.describe('authorisation through the action endpoints', () => {
  test('company B posting company A pass and person ids to the actions gets "not found"; anonymous gets nothing', async ({
    page,
    sql,
    baseURL,
    dashboard,
  }) => {
    await dashboard.signIn('demo-b', 'demo-b-pass');
    const cookie = await cookieHeader(page);
    const ownPass = `${baseURL}/dashboard/passes/KHPS113-000060`;
    const [personOfA] =
      await sql`select p.id from persons p join companies c on c.id = p.company_id where c.tax_id = '12345675' and p.deleted_at is null order by p.id limit 1`;
    const attemptsBefore = (await sql`select count(*)::int as n from verification_attempts`)[0]!
      .n as number;
    const before = await sql`select id, name, mobile, deleted_at from persons order by id`;

    const send = await findForm(ownPass, 'changedMobile', cookie);
    const sendForged = await submitForm(
      ownPass,
      send,
      { passNumber: 'KHPS113-000043', changedMobile: '' },
      { cookie },
    );
    expect(sendForged.text).toContain('查無此通行證');
    const cancel = await findForm(ownPass, 'code', cookie);
    expect(
      (
        await submitForm(
          ownPass,
          cancel,
          { passNumber: 'KHPS113-000041', code: '123456' },
          { cookie },
        )
      ).text,
    ).toContain('查無此通行證');

    const ownPersonPage = `${baseURL}/dashboard/persons/${(await sql`select p.id from persons p join companies c on c.id = p.company_id where c.tax_id = '87654322' limit 1`)[0]!.id}`;
    const update = await findForm(ownPersonPage, 'name', cookie);
    expect(
      (
        await submitForm(
          ownPersonPage,
          update,
          { id: String(personOfA!.id), name: '偽造', mobile: '0911111111' },
          { cookie },
        )
      ).text,
    ).toContain('查無此人員資料');

    // Without a session the same forms get the signed-out answer and change nothing.
    const anonymous = await submitForm(ownPass, send, {
      passNumber: 'KHPS113-000060',
      changedMobile: '',
    });
    expect(anonymous.status).toBeLessThan(500);
    // The action's answer travels in the page's data: the signed-out refusal, and no send.
    expect(anonymous.text).toContain('登入逾時,請重新登入。');

    const attemptsAfter = (await sql`select count(*)::int as n from verification_attempts`)[0]!
      .n as number;
    expect(attemptsAfter).toBe(attemptsBefore);
    expect(await sql`select id, name, mobile, deleted_at from persons order by id`).toEqual(before);
  });
});
