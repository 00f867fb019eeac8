import AxeBuilder from '@axe-core/playwright';
import fs from 'node:fs';
import type EnMessages from '../../messages/en.json';
import { addHolder, expect, readCode, test } from './fixtures';

type Messages = typeof EnMessages;
const load = (locale: string) =>
  JSON.parse(fs.readFileSync(`messages/${locale}.json`, 'utf8')) as Messages;
const [zhTW, en, vi, id, th] = ['zh-TW', 'en', 'vi', 'id', 'th'].map(load) as [
  Messages,
  Messages,
  Messages,
  Messages,
  Messages,
];

const LANGUAGES = [
  { locale: 'zh-TW', acceptLanguage: 'zh-TW', m: zhTW, sms: '港區通行證' },
  { locale: 'en', acceptLanguage: 'en-US', m: en, sms: 'Port pass' },
  { locale: 'vi', acceptLanguage: 'vi-VN', m: vi, sms: 'Ma xac minh' },
  { locale: 'id', acceptLanguage: 'id-ID', m: id, sms: 'Kode verifikasi' },
  { locale: 'th', acceptLanguage: 'th-TH', m: th, sms: 'รหัสบัตรท่าเรือ' },
] as const;

const CJK = /[\u4e00-\u9fff]/;
// The language switcher names 繁體中文 in itself; everything else must be in the page's language.
const pageText = () => document.body.innerText.replaceAll('繁體中文', '');

for (const { locale, acceptLanguage, m, sms } of LANGUAGES) {
  test.describe(`public path in ${locale}`, () => {
    test.use({ locale: acceptLanguage, extraHTTPHeaders: { 'accept-language': acceptLanguage } });

    test(`happy path with ${locale} labels, and the SMS in ${locale}`, async ({
      page,
      request,
      sql,
    }) => {
      const holder = await addHolder(sql);
      await page.goto('/');
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(m.common.siteName);
      await page
        .getByRole('banner')
        .getByRole('link', { name: m.common.login, exact: true })
        .click();
      // A click before the page's script runs is the no-JavaScript path: the button goes to /verify.
      await expect(page).toHaveURL(/\/login$/);
      await page.waitForLoadState('networkidle');
      await page.getByRole('button', { name: m.login.phoneVerify }).click();
      const dialog = page.getByRole('dialog', { name: m.verify.title });
      await dialog.getByLabel(m.verify.passNumber).fill(holder.passNumber);
      await dialog.getByLabel(m.verify.identityNumber).fill(holder.identityNumber);
      await dialog.getByLabel(m.verify.mobile).fill(holder.mobile);
      if (locale !== 'zh-TW') expect(await page.evaluate(pageText)).not.toMatch(CJK);
      await page.screenshot({ path: `test-results/screens/dialog-${locale}.png` });
      await dialog.getByRole('button', { name: m.verify.getCode }).click();
      await expect(dialog.getByText(m.verify.sentTitle)).toBeVisible();
      await dialog.getByRole('button', { name: m.verify.ok, exact: true }).click();
      const smsRes = await request.get(`/api/dev/sms?to=${holder.mobile}`);
      const body = ((await smsRes.json()) as { messages: Array<{ body: string }> }).messages[0]!
        .body;
      expect(body).toContain(sms);
      await dialog.getByLabel(m.verify.code).fill(await readCode(request, holder.mobile));
      await dialog.getByRole('button', { name: m.verify.submitCode }).click();
      await expect(dialog.getByTestId('verify-success')).toContainText(m.verify.successTitle);
      if (locale !== 'zh-TW') expect(await page.evaluate(pageText)).not.toMatch(CJK);
    });
  });
}

test('the language switcher changes the page and the choice is remembered', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(zhTW.common.siteName);
  await page.getByLabel(zhTW.common.language).selectOption('en');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(en.common.siteName);
  await page.goto('/login');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(en.login.title);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
});

test('a keyboard-only run of the public flow (Tab, Enter, Esc)', async ({ page, request, sql }) => {
  const holder = await addHolder(sql);
  await page.goto('/login');
  for (let i = 0; i < 30; i++) {
    await page.keyboard.press('Tab');
    if ((await page.evaluate(() => document.activeElement?.textContent)) === zhTW.login.phoneVerify)
      break;
  }
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: zhTW.verify.title });
  await expect(dialog.getByLabel(zhTW.verify.passNumber)).toBeFocused();
  await page.keyboard.type(holder.passNumber);
  await page.keyboard.press('Tab');
  await page.keyboard.type(holder.identityNumber);
  await page.keyboard.press('Tab');
  await page.keyboard.type(holder.mobile);
  await page.keyboard.press('Tab');
  await expect(dialog.getByRole('button', { name: zhTW.verify.getCode })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(dialog.getByText(zhTW.verify.sentTitle)).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(dialog.getByRole('button', { name: zhTW.verify.ok, exact: true })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(dialog.getByLabel(zhTW.verify.code)).toBeFocused();
  await page.keyboard.type(await readCode(request, holder.mobile));
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(dialog.getByTestId('verify-success')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});

test.describe('axe-core on the dashboard and the public path, in zh-TW and English', () => {
  for (const { locale, m } of [LANGUAGES[0], LANGUAGES[1]]) {
    test(`no violations (${locale})`, async ({ page, context, dashboard, baseURL }) => {
      await dashboard.signIn('demo-a', 'demo-a-pass');
      await context.addCookies([{ name: 'NEXT_LOCALE', value: locale, url: baseURL! }]);
      const pages = ['/', '/login', '/verify'];
      pages.push(
        '/dashboard/passes',
        '/dashboard/passes?tab=maintained',
        '/dashboard/passes/KHPS113-000044',
        '/dashboard/persons',
        '/dashboard/persons/new',
      );
      for (const path of pages) {
        await page.goto(path);
        const results = await new AxeBuilder({ page }).analyze();
        expect(results.violations.map((v) => `${path}: ${v.id}: ${v.help}`)).toEqual([]);
      }
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(m.dashboard.addPerson);
    });
  }
});
