import http from 'node:http';
import { addAccount, addHolder, expect, smsCount, test } from './fixtures';
import { findForm, submitForm } from '../support/forms';

// The public pages' forms are server actions. Each attack is posted as a browser without
// JavaScript posts the page's own form (its hidden action id, multipart), so a test fails if the
// form or its action is gone.

test.describe('the public verification form (a server action)', () => {
  test('a post from another site, with no Origin or a null one, is refused and sends nothing', async ({
    sql,
    request,
    baseURL,
  }) => {
    const holder = await addHolder(sql);
    const page = new URL('/verify', baseURL).toString();
    const form = await findForm(page, 'passNumber');
    const fields = { ...holder, intent: 'issue' };
    const port = Number(new URL(baseURL!).port);
    for (const origin of ['https://evil.example', 'null', '', `http://127.0.0.1:${port + 1}`]) {
      const res = await submitForm(page, form, fields, { headers: { origin } });
      expect(res.status, origin).toBe(403);
    }
    expect(await smsCount(request, holder.mobile)).toBe(0);
  });

  test('an oversized body is refused (413) and sends nothing', async ({
    sql,
    request,
    baseURL,
  }) => {
    const holder = await addHolder(sql);
    const page = new URL('/verify', baseURL).toString();
    const form = await findForm(page, 'passNumber');
    const res = await submitForm(page, form, {
      ...holder,
      intent: 'issue',
      padding: 'x'.repeat(1_100_000),
    });
    expect(res.status).toBe(413);
    expect(await smsCount(request, holder.mobile)).toBe(0);
  });

  test('an action argument that is not a form (a Map, an array), posted as a script would, is refused, never a 500', async ({
    sql,
    request,
    baseURL,
  }) => {
    const holder = await addHolder(sql);
    const page = new URL('/verify', baseURL).toString();
    // The verification form's action and the language switcher's.
    for (const field of ['passNumber', 'locale']) {
      const form = await findForm(page, field);
      // A plain action names its id in a field's name; one bound to a state, in a field's value.
      const named = Object.keys(form.hidden).find((k) => k.startsWith('$ACTION_ID_'));
      const bound = Object.entries(form.hidden).find(([k]) => /^\$ACTION_\d+:0$/.test(k));
      const actionId = named
        ? named.slice('$ACTION_ID_'.length)
        : (JSON.parse(bound![1]) as { id: string }).id;
      // React decodes "$Q1" as a Map built from part 1 (a numeric key first), "$1" as an array.
      for (const [argument, reference] of [
        [
          [
            [1, 'a'],
            ['passNumber', holder.passNumber],
          ],
          '$Q1',
        ],
        [[1, 2], '$1'],
      ]) {
        const body = new FormData();
        body.append('1', JSON.stringify(argument));
        body.append('0', JSON.stringify([{ nonce: 1 }, reference]));
        const res = await fetch(page, {
          method: 'POST',
          body,
          headers: { origin: new URL(page).origin, 'next-action': actionId },
        });
        expect(res.status, `${field} ${String(reference)}`).toBe(200);
      }
    }
    expect(await smsCount(request, holder.mobile)).toBe(0);
  });

  test('an action body sent chunked (no Content-Length, so no size to check) is refused before it is read', async ({
    sql,
    request,
    baseURL,
  }) => {
    const holder = await addHolder(sql);
    const page = new URL('/verify', baseURL).toString();
    const form = await findForm(page, 'passNumber');
    const fields = new FormData();
    for (const [k, v] of Object.entries({ ...form.hidden, ...holder, intent: 'issue' }))
      fields.append(k, v);
    fields.append('padding', 'x'.repeat(1_500_000));
    const multipart = new Response(fields);
    const bytes = Buffer.from(await multipart.arrayBuffer());
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(
        page,
        {
          method: 'POST',
          agent: false,
          headers: {
            origin: new URL(page).origin,
            'content-type': multipart.headers.get('content-type')!,
            'transfer-encoding': 'chunked',
          },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      // The server answers before the upload ends: only its answer counts.
      req.on('error', reject);
      req.end(bytes);
    });
    expect(status).toBe(411);
    expect(await smsCount(request, holder.mobile)).toBe(0);
  });

  test('hostile input gets field messages in the page, never a 500', async ({ baseURL }) => {
    const page = new URL('/verify', baseURL).toString();
    const form = await findForm(page, 'passNumber');
    for (const fields of [
      { passNumber: "'; drop table passes; --", identityNumber: '<script>', mobile: '０９' },
      { passNumber: 'x'.repeat(5000), identityNumber: '\u0000', mobile: '+886' },
      { intent: 'confirm', code: '12' },
      { intent: 'bogus' },
    ]) {
      const res = await submitForm(page, form, fields);
      expect(res.status).toBe(200);
      expect(res.text).toContain('輸入資料有誤');
      expect(res.text).not.toContain('<script>');
    }
  });

  test('without JavaScript the answer is rendered in the page itself: no cookie carries it', async ({
    sql,
    request,
    baseURL,
  }) => {
    const holder = await addHolder(sql);
    const page = new URL('/verify', baseURL).toString();
    const form = await findForm(page, 'passNumber');
    const res = await fetch(page, {
      method: 'POST',
      body: multipart(form, { ...holder, intent: 'issue' }),
      headers: { origin: new URL(baseURL!).origin },
      redirect: 'manual',
    });
    expect(res.status).toBe(200);
    expect(res.headers.getSetCookie()).toEqual([]);
    const html = await res.text();
    expect(html).toContain('驗證碼已經成功送出');
    expect(html).toContain(`value="${holder.passNumber}"`);
    expect(await smsCount(request, holder.mobile)).toBe(1);
  });
});

test.describe('登入 (a server action)', () => {
  test('without JavaScript: a refusal is shown in the page with 帳號 kept, a success goes on with a session', async ({
    sql,
    baseURL,
  }) => {
    // An account of its own: the wrong password counts towards its lockout.
    const { login, password } = await addAccount(sql);
    const page = new URL('/login', baseURL).toString();
    const form = await findForm(page, 'password');
    const wrong = await submitForm(page, form, { login, password: 'not-the-password' });
    expect(wrong.status).toBe(200);
    expect(wrong.text).toContain('帳號或密碼錯誤');
    expect(wrong.text).toContain(`value="${login}"`);
    expect(wrong.text).not.toContain('not-the-password');
    const right = await fetch(page, {
      method: 'POST',
      body: multipart(form, { login, password }),
      headers: { origin: new URL(baseURL!).origin },
      redirect: 'manual',
    });
    expect(right.status).toBe(303);
    expect(right.headers.get('location')).toMatch(/\/dashboard$/);
    expect(right.headers.getSetCookie().join(';')).toContain('authjs.session-token=');
  });

  test('a burst of wrong passwords: a try that checked no password is told of the lockout, never "wrong account or password"', async ({
    sql,
    baseURL,
  }) => {
    const { login } = await addAccount(sql);
    // Twelve connections opened first, so the twelve tries arrive together.
    const tries = 12;
    const page = new URL('/login', baseURL).toString();
    const form = await findForm(page, 'password');
    await Promise.all(Array.from({ length: tries }, () => fetch(`${baseURL}/api/live`)));
    const answers = await Promise.all(
      Array.from({ length: tries }, (_, i) =>
        fetch(page, {
          method: 'POST',
          body: multipart(form, { login, password: `wrong-${i}` }),
          headers: { origin: new URL(baseURL!).origin },
        }).then(
          async (res) =>
            /data-testid="sign-in-error"[^>]*>([^<]*)</.exec(await res.text())?.[1] ?? '',
        ),
      ),
    );
    // Five passwords are checked (LIMIT_SIGNIN_FAILURES_PER_ACCOUNT); the other seven were
    // refused by the lockout before their password was looked at, and must say so.
    expect(answers.filter((a) => a === '帳號或密碼錯誤')).toHaveLength(5);
    expect(answers.filter((a) => a.startsWith('登入失敗次數過多'))).toHaveLength(tries - 5);
  });

  test('a sign-in posted from another site is refused before any password is checked', async ({
    baseURL,
  }) => {
    const page = new URL('/login', baseURL).toString();
    const form = await findForm(page, 'password');
    const res = await submitForm(
      page,
      form,
      { login: 'demo-a', password: 'demo-a-pass' },
      { headers: { origin: 'https://evil.example' } },
    );
    expect(res.status).toBe(403);
  });
});

test.describe('the language switcher (a server action)', () => {
  test('remembers the choice for a year; another site cannot set it', async ({ baseURL }) => {
    const page = new URL('/login', baseURL).toString();
    const form = await findForm(page, 'locale');
    const foreign = await submitForm(
      page,
      form,
      { locale: 'vi' },
      { headers: { origin: 'https://evil.example' } },
    );
    expect(foreign.status).toBe(403);
    const res = await fetch(page, {
      method: 'POST',
      body: multipart(form, { locale: 'vi' }),
      headers: { origin: new URL(baseURL!).origin },
      redirect: 'manual',
    });
    expect(res.status).toBe(200);
    expect(res.headers.getSetCookie().join(';')).toMatch(/NEXT_LOCALE=vi;.*Max-Age=31536000/);
    expect(await res.text()).toContain('lang="vi"');
  });
});

/** The page's form as a browser without JavaScript posts it: its hidden fields, then `fields`. */
function multipart(form: { hidden: Record<string, string> }, fields: Record<string, string>) {
  const body = new FormData();
  for (const [k, v] of Object.entries(form.hidden)) if (!(k in fields)) body.append(k, v);
  for (const [k, v] of Object.entries(fields)) body.append(k, v);
  return body;
}
