/** Page weight (first load, gzip as served) and time to first byte, in Chromium with the cache off. */
import { chromium, type Response } from '@playwright/test';
import { startAppServer } from '../tests/support/app-server';
import { CHROMIUM } from '../tests/support/chromium';

export async function measurePages(base: string, databaseUrl: string) {
  const port = Number(new URL(base).port);
  const app = await startAppServer({
    port,
    env: {
      DATABASE_URL: databaseUrl,
      AUTH_SECRET: 'bench-secret-0123456789abcdef0123456789abcdef',
      SMS_TRANSPORT: 'log',
      LOG_LEVEL: 'warn',
    },
  });
  const browser = await chromium.launch(CHROMIUM);
  const results: Array<{ name: string; js: number; total: number; ttfb: number }> = [];
  try {
    const context = await browser.newContext({ locale: 'zh-TW' });
    const page = await context.newPage();
    // Every page is measured as a first visit: nothing from the cache.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    const visit = async (name: string, path: string, after?: () => Promise<void>) => {
      const sizes: Array<Promise<{ js: boolean; bytes: number }>> = [];
      const onResponse = (res: Response) => {
        sizes.push(
          res
            .request()
            .sizes()
            .then((s) => ({
              js: res.request().resourceType() === 'script',
              bytes: s.responseBodySize + s.responseHeadersSize,
            }))
            .catch(() => ({ js: false, bytes: 0 })),
        );
      };
      page.on('response', onResponse);
      await page.goto(`${base}${path}`, { waitUntil: 'networkidle' });
      if (after) await after();
      await page.waitForLoadState('networkidle');
      page.off('response', onResponse);
      const all = await Promise.all(sizes);
      const ttfb = await page.evaluate(() => {
        const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
        return nav.responseStart - nav.requestStart;
      });
      results.push({
        name,
        js: all.filter((x) => x.js).reduce((a, x) => a + x.bytes, 0),
        total: all.reduce((a, x) => a + x.bytes, 0),
        ttfb,
      });
    };
    await visit('/ (home)', '/');
    await context.clearCookies();
    await visit('/login + 手機驗證 dialog', '/login', async () => {
      await page.getByRole('button', { name: '手機驗證' }).click();
    });
    await page.getByRole('button', { name: '關閉' }).click();
    await page.getByLabel('帳號').fill('demo-a');
    await page.getByLabel('密碼').fill('demo-a-pass');
    await page.getByRole('button', { name: '登入', exact: true }).click();
    await page.waitForURL(/dashboard/);
    await context.clearCookies({ name: 'NEXT_LOCALE' });
    await visit('/dashboard/passes', '/dashboard/passes');
  } finally {
    await browser.close();
    await app.stop();
  }
  return results;
}
