/**
 * `npx tsx scripts/screenshots.ts [base URL]`: the pages README shows, at 390 px and 1280 px, in
 * docs/screenshots/, taken from a running demo (`npm start`) with the demo accounts.
 */
import { chromium, type Page } from '@playwright/test';
import { totpCode } from '../lib/auth/totp';
import { CHROMIUM } from '../tests/support/chromium';

const base = process.argv[2] ?? 'http://localhost:3000';
const OUT = 'docs/screenshots';
const WIDTHS = [390, 1280] as const;

async function shoot(page: Page, name: string) {
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: `${OUT}/${name}-${width}.png`, fullPage: true });
  }
}

async function signIn(page: Page, login: string, password: string) {
  await page.goto(`${base}/login`);
  await page.getByLabel('帳號').fill(login);
  await page.getByLabel('密碼').fill(password);
  await page.getByRole('button', { name: '登入', exact: true }).click();
}

async function main() {
  const browser = await chromium.launch(CHROMIUM);
  const context = await browser.newContext({ locale: 'zh-TW', baseURL: base });
  const page = await context.newPage();

  await page.goto('/login', { waitUntil: 'networkidle' });
  await shoot(page, 'login');
  await page.goto('/verify', { waitUntil: 'networkidle' });
  await page.getByLabel('通行證號').fill('KHPS113-000043');
  await page.getByLabel('身份證號').fill('QQ12345673');
  await page.getByLabel('手機號碼').fill('0912');
  await page.getByRole('button', { name: '取得驗證碼' }).click();
  await shoot(page, 'verify-field-error');

  await signIn(page, 'demo-b', 'demo-b-pass');
  await page.waitForURL(/dashboard\/passes/);
  await page.goto('/dashboard/passes?status=unverified', { waitUntil: 'networkidle' });
  await shoot(page, 'passes');
  await page.goto('/dashboard/passes/KHPS113-000050', { waitUntil: 'networkidle' });
  await page.getByRole('button', { name: '取得驗證碼' }).click();
  await page.getByTestId('send-outcome').waitFor();
  await shoot(page, 'pass-send');
  await context.clearCookies();

  await signIn(page, 'demo-ops', 'demo-ops-pass');
  await page.waitForURL(/second-factor/);
  await shoot(page, 'second-factor');
  await page.getByLabel(/驗證碼/).fill(totpCode('DEMOOPSKHPSPORTCONSOLETOTPSECRET', new Date()));
  await page.getByRole('button', { name: '驗證' }).click();
  await page.waitForURL(/\/console$/);
  await page.goto('/console/companies', { waitUntil: 'networkidle' });
  await shoot(page, 'console-companies');
  await page.goto('/console/audit?q=KHPS113-000050', { waitUntil: 'networkidle' });
  await shoot(page, 'console-audit');
  await browser.close();
}

void main();
