import { hashPassword } from '../../lib/auth/password';
import { addHolder, expect, smsCount, test } from './fixtures';

// The public pages' forms post to route handlers (app/api/verify, app/api/sign-in,
// app/api/locale), not to server actions: each attack on what Next checked for server actions
// (origin, encoding, size) and on the no-JavaScript answer's cookie, as a request.

const ORIGIN = (baseURL: string | undefined) => new URL(baseURL!).origin;

test.describe('POST /api/verify', () => {
  test('a post from another site, or with no Origin, does nothing', async ({
    request,
    sql,
    baseURL,
  }) => {
    const holder = await addHolder(sql);
    const form = { ...holder, intent: 'issue' };
    const variants: Array<Record<string, string>> = [
      { origin: 'https://evil.example' },
      {},
      { origin: 'null' },
    ];
    for (const headers of variants) {
      const res = await request.post('/api/verify', { form, headers, maxRedirects: 0 });
      expect(res.status()).toBe(403);
    }
    // Same-site but another port is another origin.
    const port = new URL(baseURL!).port;
    const res = await request.post('/api/verify', {
      form,
      headers: { origin: `http://127.0.0.1:${Number(port) + 1}` },
    });
    expect(res.status()).toBe(403);
    expect(await smsCount(request, holder.mobile)).toBe(0);
  });

  test('other encodings and oversized bodies get a 4xx and send nothing', async ({
    request,
    sql,
    baseURL,
  }) => {
    const holder = await addHolder(sql);
    const headers = { origin: ORIGIN(baseURL), accept: 'application/json' };
    const multipart = await request.post('/api/verify', {
      multipart: { ...holder, intent: 'issue' },
      headers,
    });
    expect(multipart.status()).toBe(415);
    const json = await request.post('/api/verify', {
      data: { ...holder, intent: 'issue' },
      headers,
    });
    expect(json.status()).toBe(415);
    const big = await request.post('/api/verify', {
      form: { ...holder, intent: 'issue', padding: 'x'.repeat(70_000) },
      headers,
    });
    expect(big.status()).toBe(413);
    expect(await smsCount(request, holder.mobile)).toBe(0);
  });

  test('the page script’s post gets the answer as JSON; bad input gets field messages', async ({
    request,
    sql,
    baseURL,
  }) => {
    const holder = await addHolder(sql);
    const headers = { origin: ORIGIN(baseURL), accept: 'application/json' };
    const bad = await request.post('/api/verify', {
      form: { ...holder, mobile: '12345', intent: 'issue' },
      headers,
    });
    expect(bad.status()).toBe(200);
    expect(bad.headers()['cache-control']).toBe('no-store, no-transform');
    expect(await bad.json()).toMatchObject({
      step: 'start',
      fieldErrors: { mobile: '手機號碼格式不正確,請輸入 09 開頭的 10 位數字' },
    });
    const sent = await request.post('/api/verify', {
      form: { ...holder, intent: 'issue' },
      headers,
    });
    const answer = await sent.json();
    expect(answer).toMatchObject({ step: 'sent', values: { passNumber: holder.passNumber } });
    expect(answer.maskedMobile).not.toContain(holder.mobile.slice(4));
    expect(await smsCount(request, holder.mobile)).toBe(1);
  });

  test('without JavaScript: 303 back to /verify with the answer sealed in a one-page cookie, shown once', async ({
    request,
    sql,
    baseURL,
  }) => {
    const holder = await addHolder(sql);
    const res = await request.post('/api/verify', {
      form: { ...holder, intent: 'issue' },
      headers: { origin: ORIGIN(baseURL) },
      maxRedirects: 0,
    });
    expect(res.status()).toBe(303);
    expect(res.headers()['location']).toBe('/verify');
    const setCookie = res.headers()['set-cookie'] ?? '';
    expect(setCookie).toMatch(/^form-answer=[\w-]+; Path=\/verify; HttpOnly; SameSite=Lax/);
    const sealed = /^form-answer=([\w-]+)/.exec(setCookie)![1]!;
    // Encrypted: neither the cookie nor its bytes hold the mobile or the identity number.
    const bytes = Buffer.from(sealed, 'base64url').toString('latin1');
    for (const secret of [holder.mobile, holder.identityNumber]) {
      expect(sealed).not.toContain(secret);
      expect(bytes).not.toContain(secret);
    }
    const page = await request.get('/verify', { headers: { cookie: `form-answer=${sealed}` } });
    const html = await page.text();
    expect(html).toContain('data-testid="sent-notice"');
    expect(html).toContain(`value="${holder.passNumber}"`);
    expect(page.headers()['set-cookie']).toMatch(/^form-answer=; Path=\/verify;.*Max-Age=0/);
    expect(page.headers()['cache-control']).toContain('no-store');

    // Sealed for /verify: on /login it is nothing (third review F2: a /login answer was a 500 on /verify).
    const elsewhere = await request.get('/login', { headers: { cookie: `form-answer=${sealed}` } });
    expect(elsewhere.status()).toBe(200);
    expect(await elsewhere.text()).not.toContain(holder.passNumber);

    // A forged or altered cookie is an empty form, not an error.
    const flipped = sealed.slice(0, -2) + (sealed.endsWith('A') ? 'BB' : 'AA');
    for (const cookie of [flipped, 'x', 'e30', '']) {
      const forged = await request.get('/verify', { headers: { cookie: `form-answer=${cookie}` } });
      expect(forged.status()).toBe(200);
      expect(await forged.text()).not.toContain('data-testid="sent-notice"');
    }
  });
});

test.describe('POST /api/sign-in', () => {
  test('without JavaScript: a refusal comes back to /login, a success goes on with a session', async ({
    request,
    baseURL,
  }) => {
    const headers = { origin: ORIGIN(baseURL) };
    const wrong = await request.post('/api/sign-in', {
      form: { login: 'nobody-here', password: 'wrong-password' },
      headers,
      maxRedirects: 0,
    });
    expect(wrong.status()).toBe(303);
    expect(wrong.headers()['location']).toBe('/login');
    const flash = /^form-answer=([\w-]+)/.exec(wrong.headers()['set-cookie'] ?? '')![1]!;
    const page = await request.get('/login', { headers: { cookie: `form-answer=${flash}` } });
    const html = await page.text();
    expect(html).toContain('帳號或密碼錯誤');
    expect(html).toContain('value="nobody-here"');

    const right = await request.post('/api/sign-in', {
      form: { login: 'demo-a', password: 'demo-a-pass' },
      headers,
      maxRedirects: 0,
    });
    expect(right.status()).toBe(303);
    expect(right.headers()['location']).toBe('/dashboard');
    expect(right.headers()['set-cookie']).toContain('authjs.session-token=');
    expect(right.headers()['set-cookie']).not.toContain('form-answer=');
  });

  test('a burst of wrong passwords: a try that checked no password is told of the lockout, never "wrong account or password"', async ({
    sql,
    baseURL,
  }) => {
    const login = `burst-${Date.now() % 1_000_000}`;
    const [company] = await sql`select id from companies where tax_id = '12345675'`;
    await sql`insert into accounts (company_id, login, password_hash, display_name)
              values (${company!.id}, ${login}, ${hashPassword('the-right-password')}, 'burst')`;
    // Twelve connections opened first, so the twelve tries arrive together.
    const tries = 12;
    await Promise.all(Array.from({ length: tries }, () => fetch(`${baseURL}/api/live`)));
    const answers = await Promise.all(
      Array.from({ length: tries }, (_, i) =>
        fetch(`${baseURL}/api/sign-in`, {
          method: 'POST',
          body: new URLSearchParams({ login, password: `wrong-${i}` }),
          headers: { origin: ORIGIN(baseURL), accept: 'application/json' },
        }).then(async (res) => ((await res.json()) as { error?: string }).error ?? ''),
      ),
    );
    // Five passwords are checked (LIMIT_SIGNIN_FAILURES_PER_ACCOUNT); the other seven were
    // refused by the lockout before their password was looked at, and must say so.
    expect(answers.filter((a) => a === '帳號或密碼錯誤')).toHaveLength(5);
    expect(answers.filter((a) => a.startsWith('登入失敗次數過多'))).toHaveLength(tries - 5);
  });

  test('a sign-in posted from another site is refused before any password is checked', async ({
    request,
  }) => {
    const res = await request.post('/api/sign-in', {
      form: { login: 'demo-a', password: 'demo-a-pass' },
      headers: { origin: 'https://evil.example' },
      maxRedirects: 0,
    });
    expect(res.status()).toBe(403);
    expect(res.headers()['set-cookie'] ?? '').not.toContain('session-token');
  });
});

test.describe('POST /api/locale', () => {
  test('goes back to the page it came from, never to another site', async ({
    request,
    baseURL,
  }) => {
    const origin = ORIGIN(baseURL);
    const cases: Array<[string | undefined, string]> = [
      [`${origin}/verify?x=1`, '/verify?x=1'],
      [`${origin}//evil.example/path`, '/evil.example/path'],
      ['https://evil.example/verify', '/'],
      [undefined, '/'],
    ];
    for (const [referer, location] of cases) {
      const res = await request.post('/api/locale', {
        form: { locale: 'en' },
        headers: { origin, ...(referer ? { referer } : {}) },
        maxRedirects: 0,
      });
      expect(res.status()).toBe(303);
      expect(res.headers()['location']).toBe(location);
      expect(res.headers()['set-cookie']).toMatch(/^NEXT_LOCALE=en; Path=\//);
    }
    const unknown = await request.post('/api/locale', {
      form: { locale: 'xx' },
      headers: { origin },
      maxRedirects: 0,
    });
    expect(unknown.headers()['set-cookie']).toBeUndefined();
    const foreign = await request.post('/api/locale', {
      form: { locale: 'en' },
      headers: { origin: 'https://evil.example' },
      maxRedirects: 0,
    });
    expect(foreign.status()).toBe(403);
  });
});

test('route handlers under /api, which skip proxy.ts, still answer with a strict CSP', async ({
  request,
}) => {
  for (const path of ['/api/health', '/api/auth/signout']) {
    const csp = (await request.get(path)).headers()['content-security-policy'];
    expect(csp, path).toContain("default-src 'none'");
    expect(csp, path).toContain("frame-ancestors 'none'");
  }
});
