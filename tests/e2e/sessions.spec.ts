/**
 * Sessions end on the server (docs/SECURITY.md, session theft): a copy of the cookie opens
 * nothing once its session has ended, at sign-out or at an operator's password reset.
 */
import { runOps } from '../support/run-ops';
import { addCompany, expect, test } from './fixtures';

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
  sql,
  dashboard,
}) => {
  const company = await addCompany(sql);
  const login = `reset-${company.taxId}`;
  const url = process.env.E2E_DATABASE_URL!;
  expect(
    (
      await runOps(['account', 'add', '--company', company.taxId, '--login', login], {
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
