import { expect, test } from './fixtures';

test('home page → [登入] → login page with 帳號, 密碼 and [手機驗證]', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: '港區通行證資訊網' })).toBeVisible();
  await page.getByRole('banner').getByRole('link', { name: '登入' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole('textbox', { name: '帳號', exact: true })).toBeVisible();
  await expect(page.getByLabel('密碼')).toBeVisible();
  await expect(page.getByRole('button', { name: '登入' })).toBeVisible();
  await expect(page.getByRole('button', { name: '手機驗證' })).toBeVisible();
});

test('GET /api/health answers ok with the database', async ({ request }) => {
  const res = await request.get('/api/health');
  expect(res.status()).toBe(200);
  expect(await res.json()).toEqual({ status: 'ok', database: 'ok', clientAddress: 'ok' });
});
