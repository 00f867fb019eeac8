/**
 * Issue "Integrity", through the running build: limits without a proxy, sessions that end,
 * the production start without SMS_TRANSPORT, security headers and the request id.
 */
import { spawn } from 'node:child_process';
import { startAppServer, type AppServer } from '../support/app-server';
import { createDatabase, dropDatabase, withDatabase } from '../support/databases';
import { findForm, submitForm } from '../support/forms';
import { runOps } from '../support/run-ops';
import { expect, test } from './fixtures';
import { E2E_PORT, e2eServerEnv } from './server-env';

const LIMITED = '請求過於頻繁';
const SIGN_IN_LOCKED = '登入失敗次數過多';
const randomIp = () =>
  `${1 + Math.floor(Math.random() * 200)}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${1 + Math.floor(Math.random() * 250)}`;

test.describe('finding 4: directly exposed (next start, no proxy), limits hold per connection', () => {
  let servers: AppServer[] = [];
  let database: { name: string; url: string };
  const serverUrl = () => withDatabase(process.env.E2E_DATABASE_URL!, 'postgres');

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    // A database of their own: every request of these tests comes from 127.0.0.1, one client.
    database = await createDatabase(serverUrl(), 'e2e_direct');
    const env = (port: number) =>
      e2eServerEnv(database.url, port, {
        LIMIT_PUBLIC_PER_IP_HOUR: '4',
        LIMIT_SIGNIN_FAILURES_PER_IP: '3',
      });
    // One after the other: the first applies the migrations and the demo data.
    servers = [await startAppServer({ port: E2E_PORT + 4, env: env(E2E_PORT + 4) })];
    servers.push(await startAppServer({ port: E2E_PORT + 5, env: env(E2E_PORT + 5) }));
  });
  test.afterAll(async () => {
    for (const s of servers) await s.stop();
    if (database) await dropDatabase(serverUrl(), database.name);
  });

  test('one client sending forged X-Forwarded-For and connection headers is still limited, across two instances', async () => {
    const outcomes: string[] = [];
    for (let i = 0; i < 6; i++) {
      const base = servers[i % 2]!.url;
      const forged = {
        'x-forwarded-for': randomIp(),
        'x-real-ip': randomIp(),
        'x-connection-address': randomIp(),
      };
      const form = await findForm(`${base}/verify`, 'passNumber');
      const res = await submitForm(
        `${base}/verify`,
        form,
        {
          passNumber: `KHPS999-00000${i}`,
          identityNumber: 'A123456789',
          mobile: '0912345678',
          intent: 'issue',
        },
        { headers: forged },
      );
      expect(res.status).toBeLessThan(500);
      // The page also carries translations as data: read only the rendered notice.
      const notice = /data-testid="verify-error"[^>]*>([\s\S]*?)<\/div>/.exec(res.text)?.[1] ?? '';
      outcomes.push(notice.includes(LIMITED) ? 'limited' : 'answered');
    }
    expect(outcomes).toEqual([
      'answered',
      'answered',
      'answered',
      'answered',
      'limited',
      'limited',
    ]);
  });

  test('password guessing from one client across accounts is locked out after the per-client limit', async () => {
    const outcomes: string[] = [];
    for (let i = 0; i < 5; i++) {
      const base = servers[i % 2]!.url;
      const form = await findForm(`${base}/login`, 'password');
      const res = await submitForm(
        `${base}/login`,
        form,
        { login: `guess-${i}`, password: 'not-the-password' },
        { headers: { 'x-forwarded-for': randomIp() } },
      );
      expect(res.status).toBeLessThan(500);
      const notice = /data-testid="sign-in-error"[^>]*>([\s\S]*?)<\/p>/.exec(res.text)?.[1] ?? '';
      outcomes.push(notice.includes(SIGN_IN_LOCKED) ? 'locked' : notice ? 'checked' : 'no answer');
    }
    expect(outcomes).toEqual(['checked', 'checked', 'checked', 'locked', 'locked']);
  });
});

test.describe('finding 6: sessions end server-side', () => {
  test('a cookie copied before sign-out no longer opens the dashboard', async ({
    page,
    browser,
    dashboard,
  }) => {
    await dashboard.signIn('demo-b', 'demo-b-pass');
    const copied = await page.context().cookies();
    const session = copied.find((c) => c.name.includes('session-token'));
    expect(session).toMatchObject({
      name: '__Secure-authjs.session-token',
      secure: true,
      httpOnly: true,
    });
    await page.getByRole('button', { name: '登出' }).click();
    await expect(page).toHaveURL(/\/login/);

    // Auth.js's own session route knows it too.
    const cookieHeader = copied.map((c) => `${c.name}=${c.value}`).join('; ');
    const sessionInfo = await fetch(new URL('/api/auth/session', page.url()), {
      headers: { cookie: cookieHeader },
    });
    expect(await sessionInfo.json()).toBeNull();

    const thief = await browser.newContext();
    await thief.addCookies(copied);
    const stolen = await thief.newPage();
    await stolen.goto('/dashboard/passes');
    await expect(stolen).toHaveURL(/\/login/);
    await thief.close();
  });

  test('after account reset-password the old cookie stops working at the next request', async ({
    page,
    dashboard,
  }) => {
    const login = `reset-${Date.now() % 1_000_000}`;
    const url = process.env.E2E_DATABASE_URL!;
    expect(
      (
        await runOps(['account', 'add', '--company', '12345675', '--login', login], {
          databaseUrl: url,
          stdin: 'first-password-1\n',
        })
      ).code,
    ).toBe(0);
    await dashboard.signIn(login, 'first-password-1');
    await page.goto('/dashboard/passes');
    await expect(page.getByRole('heading', { name: '人員通行證手機驗證' })).toBeVisible();
    expect(
      (
        await runOps(['account', 'reset-password', '--login', login], {
          databaseUrl: url,
          stdin: 'second-password-2\n',
        })
      ).code,
    ).toBe(0);
    await page.goto('/dashboard/passes');
    await expect(page).toHaveURL(/\/login/);
  });
});

test('review after the fix: NUL bytes in dashboard URLs get an answer, not a 500', async ({
  page,
  dashboard,
}) => {
  await dashboard.signIn('demo-a', 'demo-a-pass');
  for (const path of [
    '/dashboard/passes?name=%E9%99%B3%00x',
    '/dashboard/persons?q=QQ12345673%00',
    '/dashboard/passes?passNumber=X%00',
    '/dashboard/passes/KHPS113-000043%00',
  ]) {
    const res = await page.goto(path);
    expect(res!.status(), path).toBeLessThan(500);
  }
});

test.describe('finding 7 and 11: headers', () => {
  test('pages carry a CSP with a per-response nonce and HSTS, and work under it', async ({
    page,
  }) => {
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    const res = await page.goto('/login');
    const csp = res!.headers()['content-security-policy'] ?? '';
    expect(csp).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res!.headers()['strict-transport-security']).toMatch(/max-age=\d+/);
    // The dialog needs JavaScript: it opens only if the page's scripts ran under the policy.
    await page.getByRole('button', { name: '手機驗證' }).click();
    await expect(page.getByRole('dialog')).toBeVisible();
    const again = await page.request.get('/login');
    expect(again.headers()['content-security-policy']).not.toBe(csp);
    expect(violations).toEqual([]);
  });

  test('a client cannot choose its request id', async ({ request }) => {
    // Pages and the route handlers under /api (which skip proxy.ts) alike.
    for (const path of ['/login', '/api/health']) {
      const res = await request.get(path, {
        headers: { 'x-request-id': 'attacker-chosen-id-0001' },
      });
      expect(res.headers()['x-request-id'], path).toMatch(/^[\w-]{36}$/);
      expect(res.headers()['x-request-id'], path).not.toBe('attacker-chosen-id-0001');
    }
  });
});

test('finding 5: a production start on PostgreSQL without SMS_TRANSPORT refuses with one line', async () => {
  test.setTimeout(60_000);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...e2eServerEnv(process.env.E2E_DATABASE_URL!, E2E_PORT + 6),
  };
  delete env.SMS_TRANSPORT;
  const child = spawn('npx', ['next', 'start', '-p', String(E2E_PORT + 6), '-H', '127.0.0.1'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const code = await new Promise<number | null>((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve(null);
    }, 45_000);
    child.on('exit', (c) => {
      clearTimeout(timer);
      resolve(c);
    });
  });
  expect(code).not.toBe(0);
  expect(code).not.toBeNull();
  const lines = stderr
    .trim()
    .split('\n')
    .filter((l) => l.includes('SMS_TRANSPORT'));
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^\[startup\] SMS_TRANSPORT is not set/);
});

test.describe('finding 1: one company cannot take over another company’s holders (through the dashboard)', () => {
  test('company B on its pass KHPS113-000050 (record maintained by A): told so, no 修改手機號碼', async ({
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
