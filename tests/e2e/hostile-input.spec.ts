import type postgres from 'postgres';
import fc from 'fast-check';
import { findForm, parseForms, submitForm, type PageForm } from '../support/forms';
import { cookieHeader, expect, test } from './fixtures';

const hostile = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      "' or '1'='1",
      "KHPS113-000043'; drop table passes; --",
      '"><script>alert(1)</script>',
      '${7*7}{{7*7}}',
      '../../etc/passwd',
      '０９１２０００９９９',
      'Ａ１２３４５６７８９',
      '\u202eQQ12345673',
      '🚢'.repeat(50),
      'x'.repeat(20_000),
      '   ',
      '-1',
      'NaN',
      '[object Object]',
    ),
  },
  { weight: 1, arbitrary: fc.constant(undefined) },
);

// Strings that could be a real pass number are left out: the sweep must never be a valid request.
const notAPass = hostile.filter(
  (v) => v === undefined || !/^KHPS\d{3}-\d{6}$/i.test(v.normalize('NFKC').trim()),
);

type Sql = ReturnType<typeof postgres>;

const STACK = /\bat [\w$.<>]+ \(.*:\d+:\d+\)|node_modules\/|TypeError|ReferenceError/;

async function counts(sql: Sql) {
  const [row] = await sql`select
    (select count(*) from verification_attempts)::int as attempts,
    (select count(*) from sms_outbox)::int as outbox,
    (select count(*) from persons)::int as persons,
    (select count(*) from persons where deleted_at is not null)::int as deleted,
    (select count(*) from passes)::int as passes,
    (select count(*) from accounts)::int as accounts,
    (select md5(string_agg(name || coalesce(mobile, ''), ',' order by id)) from persons) as person_digest`;
  return row;
}

test('hostile input through every form: no 500, no stack trace, nothing stored (≥ 500 requests)', async ({
  page,
  sql,
  baseURL,
  dashboard,
}) => {
  test.setTimeout(300_000);
  await dashboard.signIn('demo-a', 'demo-a-pass');
  const cookie = await cookieHeader(page);
  const [personOfB] =
    await sql`select p.id from persons p join companies c on c.id = p.company_id where c.tax_id = '87654322' limit 1`;

  const verify = `${baseURL}/verify`;
  const login = `${baseURL}/login`;
  const passPage = `${baseURL}/dashboard/passes/KHPS113-000044`;
  const newPerson = `${baseURL}/dashboard/persons/new`;
  const [personOfA] =
    await sql`select p.id from persons p join companies c on c.id = p.company_id where c.tax_id = '12345675' order by p.id limit 1`;
  const editPerson = `${baseURL}/dashboard/persons/${personOfA!.id}`;

  const forms: Array<{
    name: string;
    url: string;
    form: PageForm;
    cookie?: string;
    fields: (v: Array<string | undefined>) => Record<string, string | undefined>;
  }> = [
    {
      name: 'verify issue',
      url: verify,
      form: await findForm(verify, 'passNumber'),
      fields: ([a, b, c]) => ({ passNumber: a, identityNumber: b, mobile: c, intent: 'issue' }),
    },
    {
      name: 'verify confirm',
      url: verify,
      form: await findForm(verify, 'code'),
      fields: ([a, b, c, d]) => ({
        passNumber: a,
        identityNumber: b,
        mobile: c,
        code: d,
        intent: 'confirm',
      }),
    },
    {
      name: 'sign in',
      url: login,
      form: await findForm(login, 'password'),
      fields: ([a, b]) => ({ login: a, password: b }),
    },
    {
      name: 'send code',
      url: passPage,
      cookie,
      form: await findForm(passPage, 'changedMobile', cookie),
      fields: ([a, b]) => ({ passNumber: a, changedMobile: b }),
    },
    {
      name: 'confirm code',
      url: passPage,
      cookie,
      form: await findForm(passPage, 'code', cookie),
      fields: ([a, b]) => ({ passNumber: a, code: b }),
    },
    {
      name: 'new person',
      url: newPerson,
      cookie,
      form: await findForm(newPerson, 'identityNumber', cookie),
      fields: ([a, b, c]) => ({ identityNumber: a, name: b, mobile: c }),
    },
    // Forged ids: company A posting company B's person id, or garbage ids, to update and delete.
    {
      name: 'update person (forged id)',
      url: editPerson,
      cookie,
      form: await findForm(editPerson, 'name', cookie),
      fields: ([a, b, c]) => ({
        id: String(personOfB!.id),
        identityNumber: a,
        name: b ?? 'x',
        mobile: c,
      }),
    },
    {
      name: 'delete person (forged id)',
      url: editPerson,
      cookie,
      form: await deleteForm(editPerson, cookie),
      fields: ([a]) => ({
        id: a === undefined || /^[1-9]\d{0,9}$/.test(a) ? String(personOfB!.id) : a,
      }),
    },
  ];

  const before = await counts(sql);
  const samples = fc.sample(fc.tuple(notAPass, notAPass, notAPass, notAPass), {
    numRuns: 70,
    seed: 20261125,
  });
  let requests = 0;
  for (const f of forms) {
    for (const sample of samples) {
      const res = await submitForm(f.url, f.form, f.fields(sample), { cookie: f.cookie });
      requests++;
      expect(res.status, `${f.name}: ${JSON.stringify(sample).slice(0, 200)}`).toBeLessThan(500);
      expect(res.text, f.name).not.toMatch(STACK);
    }
  }
  for (const sample of samples.slice(0, 20)) {
    const qs = new URLSearchParams({
      tab: sample[0] ?? '',
      passNumber: sample[1] ?? '',
      status: sample[2] ?? '',
      page: sample[3] ?? '',
      sort: sample[0] ?? '',
    });
    const list = await fetch(`${baseURL}/dashboard/passes?${qs}`, { headers: { cookie } });
    const sms = await fetch(`${baseURL}/api/dev/sms?to=${encodeURIComponent(sample[1] ?? '')}`);
    requests += 2;
    expect(list.status).toBeLessThan(500);
    expect(sms.status).toBeLessThan(500);
  }
  console.log(`[hostile] ${requests} requests through ${forms.length} forms and 2 query endpoints`);
  expect(requests).toBeGreaterThanOrEqual(500);
  expect(await counts(sql)).toEqual(before);
});

async function deleteForm(url: string, cookie: string): Promise<PageForm> {
  const res = await fetch(url, { headers: { cookie } });
  const forms = parseForms(await res.text()).filter(
    (f) => f.names.includes('id') && !f.names.includes('name'),
  );
  if (!forms[0]) throw new Error('no delete form');
  return forms[0];
}

test('NUL bytes in dashboard URLs (query and path) get an answer, not a 500', async ({
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
