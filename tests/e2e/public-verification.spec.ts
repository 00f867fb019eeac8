import AxeBuilder from '@axe-core/playwright';
import { addHolder, expect, readCode, smsCount, test } from './fixtures';

const NOT_FOUND = '查無人員通行證或手機資料,無法取得驗證碼!';

test.describe('public 手機驗證 (manual 操作方式(一))', () => {
  test('happy path from the login dialog: the pass becomes 已驗證', async ({
    page,
    request,
    sql,
    verifyForm,
  }) => {
    const holder = await addHolder(sql);
    await page.goto('/login');
    await page.getByRole('button', { name: '手機驗證' }).click();
    const dialog = page.getByRole('dialog', { name: '通行證手機驗證' });
    await expect(dialog).toBeVisible();
    const form = verifyForm.within(dialog);
    await form.fillTriple(holder);
    await form.requestCode();
    await form.expectSent();
    await expect(dialog.getByLabel('手機驗證碼')).toBeFocused();
    await form.submitCode(await readCode(request, holder.mobile));
    await form.expectVerified();
    const [pass] =
      await sql`select verified_mobile from passes where pass_number = ${holder.passNumber}`;
    expect(pass?.verified_mobile).toBe(holder.mobile);
  });

  test('a wrong mobile shows the exact message with the checklist and sends nothing', async ({
    page,
    request,
    sql,
    verifyForm,
  }) => {
    const holder = await addHolder(sql);
    await page.goto('/verify');
    const form = verifyForm;
    await form.fillTriple({ ...holder, mobile: '0912999999' });
    await form.requestCode();
    await expect(form.error()).toContainText(NOT_FOUND);
    await expect(form.error()).toContainText('是否系統中有相符的「人員資料」?');
    expect(await smsCount(request, '0912999999')).toBe(0);
  });

  test('a second [取得驗證碼] for the same triple is refused with a retry time', async ({
    page,
    sql,
    verifyForm,
  }) => {
    const holder = await addHolder(sql);
    await page.goto('/verify');
    const form = verifyForm;
    await form.fillTriple(holder);
    await form.requestCode();
    await form.expectSent();
    await form.requestCode();
    await expect(form.error()).toContainText('只能發送[取得驗證碼]一次');
    await expect(form.error()).toContainText(/\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}/);
  });

  test('five wrong codes lock the code', async ({ page, request, sql, verifyForm }) => {
    const holder = await addHolder(sql);
    await page.goto('/verify');
    const form = verifyForm;
    await form.fillTriple(holder);
    await form.requestCode();
    await form.expectSent();
    const code = await readCode(request, holder.mobile);
    const wrong = code === '000000' ? '111111' : '000000';
    for (const left of [4, 3, 2, 1]) {
      await form.submitCode(wrong);
      await expect(form.error()).toContainText(`尚可再試 ${left} 次`);
    }
    await form.submitCode(wrong);
    await expect(form.error()).toContainText('此驗證碼已失效');
    await form.submitCode(code);
    // A dead code says when a new one can be had (refinement 4).
    await expect(form.error()).toContainText('此驗證碼已失效。請於');
    await expect(form.error()).toContainText(/\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}/);
    await form.requestCode();
    await expect(form.error()).toContainText('此組合的驗證碼因錯誤次數過多已失效');
    await expect(form.error()).not.toContainText('使用已收到的驗證碼');
  });

  test('the expired demo pass is refused', async ({ page, verifyForm }) => {
    await page.goto('/verify');
    const form = verifyForm;
    await form.fillTriple({
      passNumber: 'KHPS112-000099',
      identityNumber: 'D123000995',
      mobile: '0912000099',
    });
    await form.requestCode();
    await expect(form.error()).toContainText('到期');
  });

  test('bad input gets field messages in zh-TW before anything is sent', async ({
    page,
    verifyForm,
  }) => {
    await page.goto('/verify');
    const form = verifyForm;
    await form.fillTriple({ passNumber: '', identityNumber: '12345', mobile: '0212345678' });
    await form.requestCode();
    await expect(page.getByText('請輸入通行證號')).toBeVisible();
    await expect(page.getByText(/身份證號格式不正確/)).toBeVisible();
    await expect(page.getByText(/手機號碼格式不正確/)).toBeVisible();
  });

  test.describe('on a phone (390×844)', () => {
    test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    test('the happy path, without horizontal scrolling', async ({
      page,
      request,
      sql,
      verifyForm,
    }) => {
      const holder = await addHolder(sql);
      await page.goto('/verify');
      const form = verifyForm;
      await form.fillTriple(holder);
      await form.requestCode();
      await form.expectSent();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        390,
      );
      await page.screenshot({ path: 'test-results/screens/verify-390.png', fullPage: true });
      await form.submitCode(await readCode(request, holder.mobile));
      await form.expectVerified();
    });

    test('the login page fits at 360 px', async ({ page }) => {
      await page.setViewportSize({ width: 360, height: 740 });
      await page.goto('/login');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        360,
      );
    });
  });

  test.describe('with JavaScript disabled', () => {
    test.use({ javaScriptEnabled: false });
    test('the happy path still works through the server actions', async ({
      page,
      request,
      sql,
      verifyForm,
    }) => {
      const holder = await addHolder(sql);
      await page.goto('/login');
      await page.getByRole('button', { name: '手機驗證' }).click();
      await expect(page).toHaveURL(/\/verify/);
      const form = verifyForm;
      await form.fillTriple(holder);
      await form.requestCode();
      await expect(page.getByText('驗證碼已經成功送出')).toBeVisible();
      // [確定] closes the notice and goes to 手機驗證碼 without a script (refinement 9).
      await page.getByRole('button', { name: '確定' }).click();
      await expect(page.getByText('驗證碼已經成功送出')).toBeHidden();
      await expect(page).toHaveURL(/#verify-code$/);
      await expect(page.getByLabel('手機驗證碼')).toBeInViewport();
      await form.submitCode(await readCode(request, holder.mobile));
      await form.expectVerified();
      const [pass] =
        await sql`select verified_mobile from passes where pass_number = ${holder.passNumber}`;
      expect(pass?.verified_mobile).toBe(holder.mobile);
    });
  });

  test.describe('accessibility (axe-core)', () => {
    for (const path of ['/', '/login', '/verify']) {
      test(`no violations on ${path}`, async ({ page }) => {
        await page.goto(path);
        const results = await new AxeBuilder({ page }).analyze();
        expect(results.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
      });
    }

    test('no violations in the open dialog', async ({ page }) => {
      await page.goto('/login');
      await page.getByRole('button', { name: '手機驗證' }).click();
      await expect(page.getByRole('dialog')).toBeVisible();
      await page.screenshot({ path: 'test-results/screens/dialog-1280.png' });
      const results = await new AxeBuilder({ page }).include('dialog').analyze();
      expect(results.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
    });

    test('Esc closes the dialog', async ({ page }) => {
      await page.goto('/login');
      await page.getByRole('button', { name: '手機驗證' }).click();
      await expect(page.getByRole('dialog')).toBeVisible();
      await page.keyboard.press('Escape');
      await expect(page.getByRole('dialog')).toBeHidden();
    });
  });
});

test('the login page says whom to ask for an account, and every page has its icon', async ({
  page,
  request,
}) => {
  await page.goto('/login');
  await expect(page.getByRole('heading', { name: '申請帳號' })).toBeVisible();
  await expect(page.getByTestId('request-account')).toContainText('07-562-2030');
  const icon = await request.get('/favicon.ico');
  expect(icon.status()).toBe(200);
  expect(icon.headers()['content-type']).toContain('image/');
});
