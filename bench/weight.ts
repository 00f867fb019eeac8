/**
 * Page weight (first load, gzip as served) and time to first byte, in Chromium with the cache off;
 * Lighthouse (mobile preset) on the public pages. The home page is the floor the public pages are
 * compared with: an App Router page of the same build with the public shell and no form.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Response } from '@playwright/test';
import { startAppServer } from '../tests/support/app-server';
import { CHROMIUM } from '../tests/support/chromium';
import type { Report } from './report';
import { writeWeight } from './report-text';
import { AUTH_SECRET } from './setup';

const HOME = '/ (home)';
const DIALOG = '/login + 手機驗證 dialog opened';
/** The public pages measured against the floor. */
const PUBLIC_PAGES = ['/login', '/verify', DIALOG];

export type Weight = Awaited<ReturnType<typeof benchWeight>>;

export async function benchWeight(report: Report, databaseUrl: string) {
  const { pages, audits } = await measurePages('http://127.0.0.1:3201', databaseUrl);
  const result = {
    pages,
    audits,
    floor: pages.find((w) => w.name === HOME)!,
    publicPages: pages.filter((w) => PUBLIC_PAGES.includes(w.name)),
  };
  writeWeight(report, result);
  return result;
}

async function measurePages(base: string, databaseUrl: string) {
  const port = Number(new URL(base).port);
  const app = await startAppServer({
    port,
    env: {
      DATABASE_URL: databaseUrl,
      AUTH_SECRET,
      SMS_TRANSPORT: 'log',
      LOG_LEVEL: 'warn',
    },
  });
  const browser = await chromium.launch(CHROMIUM);
  const results: Array<{
    name: string;
    js: number;
    total: number;
    ttfb: number;
    /** Each script the page loaded: its path and its body as transferred. */
    scripts: Array<{ path: string; bytes: number }>;
  }> = [];
  const audits: LighthouseResult[] = [];
  try {
    const context = await browser.newContext({ locale: 'zh-TW' });
    const page = await context.newPage();
    // Every page is measured as a first visit: nothing from the cache.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    const visit = async (name: string, path: string, after?: () => Promise<void>) => {
      const sizes: Array<Promise<{ js: boolean; path: string; body: number; bytes: number }>> = [];
      const onResponse = (res: Response) => {
        sizes.push(
          res
            .request()
            .sizes()
            .then((s) => ({
              js: res.request().resourceType() === 'script',
              path: new URL(res.url()).pathname,
              body: s.responseBodySize,
              bytes: s.responseBodySize + s.responseHeadersSize,
            }))
            .catch(() => ({ js: false, path: '', body: 0, bytes: 0 })),
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
        // Scripts as transferred (gzip), without their response headers; all bytes include them.
        js: all.filter((x) => x.js).reduce((a, x) => a + x.body, 0),
        total: all.reduce((a, x) => a + x.bytes, 0),
        ttfb,
        scripts: all.filter((x) => x.js).map((x) => ({ path: x.path, bytes: x.body })),
      });
    };
    await visit(HOME, '/');
    await context.clearCookies();
    await visit('/login', '/login');
    await visit('/verify', '/verify');
    await visit(DIALOG, '/login', async () => {
      await page.getByRole('button', { name: '手機驗證' }).click();
      await page.getByLabel('通行證號').waitFor();
    });
    await page.getByRole('button', { name: '關閉' }).click();
    await page.getByLabel('帳號').fill('demo-a');
    await page.getByLabel('密碼').fill('demo-a-pass');
    await page.getByRole('button', { name: '登入', exact: true }).click();
    await page.waitForURL(/dashboard/);
    await context.clearCookies({ name: 'NEXT_LOCALE' });
    await visit('/dashboard/passes', '/dashboard/passes');
    for (const pagePath of ['/login', '/verify'])
      audits.push(await lighthouse(`${base}${pagePath}`));
  } finally {
    await browser.close();
    await app.stop();
  }
  return { pages: results, audits };
}

/** Installed on demand (not a dependency every `npm ci` pays for); this exact version runs on Node 20. */
const LIGHTHOUSE = 'lighthouse@12.8.2';

export interface LighthouseResult {
  url: string;
  performance: number;
  accessibility: number;
  metrics: Record<string, string>;
}

/** Lighthouse's default (mobile) preset, simulated throttling, in Debian's Chromium. */
async function lighthouse(url: string): Promise<LighthouseResult> {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lighthouse-')), 'report.json');
  execFileSync(
    'npx',
    [
      '-y',
      LIGHTHOUSE,
      url,
      '--quiet',
      '--only-categories=performance,accessibility',
      '--output=json',
      `--output-path=${out}`,
      `--chrome-flags=--headless=new --no-sandbox --lang=zh-TW`,
    ],
    { stdio: 'ignore', env: { ...process.env, CHROME_PATH: CHROMIUM.executablePath } },
  );
  const report = JSON.parse(fs.readFileSync(out, 'utf8')) as {
    categories: Record<string, { score: number }>;
    audits: Record<string, { displayValue?: string }>;
  };
  fs.rmSync(path.dirname(out), { recursive: true, force: true });
  const metric = (id: string) => report.audits[id]?.displayValue ?? '?';
  return {
    url: new URL(url).pathname,
    performance: Math.round(report.categories.performance!.score * 100),
    accessibility: Math.round(report.categories.accessibility!.score * 100),
    metrics: {
      FCP: metric('first-contentful-paint'),
      LCP: metric('largest-contentful-paint'),
      TBT: metric('total-blocking-time'),
      CLS: metric('cumulative-layout-shift'),
    },
  };
}
