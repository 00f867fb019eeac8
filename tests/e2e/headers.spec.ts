/** The headers every answer carries: a nonce CSP and HSTS, and a request id no client chooses. */
import { expect, test } from './fixtures';

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

test('a client sending its own X-Request-Id cannot choose the request id', async ({ request }) => {
  // Pages and the route handlers under /api (which skip proxy.ts) alike.
  for (const path of ['/login', '/api/health']) {
    const res = await request.get(path, {
      headers: { 'x-request-id': 'attacker-chosen-id-0001' },
    });
    expect(res.headers()['x-request-id'], path).toMatch(/^[\w-]{36}$/);
    expect(res.headers()['x-request-id'], path).not.toBe('attacker-chosen-id-0001');
  }
});
