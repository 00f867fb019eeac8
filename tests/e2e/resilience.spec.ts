import postgres from 'postgres';
import { startAppServer } from '../support/app-server';
import { findForm, submitForm } from '../support/forms';
import { startThrowawayPostgres } from '../support/postgres-server';
import { addHolder, expect, test } from './fixtures';
import { E2E_PORT, e2eServerEnv } from './server-env';

const LIMITED = '請求過於頻繁';
const UNAVAILABLE = '服務暫時無法使用';

async function requestCode(baseUrl: string, triple: Record<string, string>, ip?: string) {
  const form = await findForm(`${baseUrl}/verify`, 'passNumber');
  const res = await submitForm(
    `${baseUrl}/verify`,
    form,
    { ...triple, intent: 'issue' },
    { headers: ip ? { 'x-real-ip': ip } : {} },
  );
  expect(res.status).toBeLessThan(500);
  // The page also carries the translations as data: read only the rendered notices.
  if (res.text.includes('data-testid="sent-notice"')) return 'sent';
  const error = /data-testid="verify-error"[^>]*>([\s\S]*?)<\/div>/.exec(res.text)?.[1] ?? '';
  return error.includes(LIMITED)
    ? 'limited'
    : error.includes(UNAVAILABLE)
      ? 'unavailable'
      : 'other';
}

test.describe('limits and faults across instances', () => {
  test('behind a proxy and PgBouncer: the per-IP limit holds when two app instances share one PostgreSQL', async () => {
    // Behind a reverse proxy that sets X-Real-IP, four public requests per client per hour; both
    // instances reach PostgreSQL through PgBouncer in transaction pooling mode.
    const behindProxy = (port: number) =>
      e2eServerEnv(process.env.E2E_POOLER_URL!, port, {
        TRUSTED_PROXY_HEADER: 'x-real-ip',
        LIMIT_PUBLIC_PER_IP_HOUR: '4',
        DATABASE_PREPARE: 'false',
      });
    const first = await startAppServer({ port: E2E_PORT + 1, env: behindProxy(E2E_PORT + 1) });
    const second = await startAppServer({ port: E2E_PORT + 3, env: behindProxy(E2E_PORT + 3) });
    try {
      const servers = [first.url, second.url];
      const ip = `198.51.100.${Math.floor(Math.random() * 200) + 1}`;
      const outcomes = [];
      for (let i = 0; i < 6; i++) {
        outcomes.push(
          await requestCode(
            servers[i % 2]!,
            { passNumber: `KHPS999-00000${i}`, identityNumber: 'A123456789', mobile: '0912345678' },
            ip,
          ),
        );
      }
      // Four requests per hour per IP (LIMIT_PUBLIC_PER_IP_HOUR=4), counted across both instances.
      expect(outcomes).toEqual(['other', 'other', 'other', 'other', 'limited', 'limited']);
      expect(second.output()).not.toMatch(/0912345678|A123456789/);
    } finally {
      await first.stop();
      await second.stop();
    }
  });

  test('PostgreSQL stopped and started during a run: nothing lost or duplicated, recovery without restart', async () => {
    test.setTimeout(180_000);
    const pg = await startThrowawayPostgres();
    const port = E2E_PORT + 2;
    const app = await startAppServer({ port, env: e2eServerEnv(pg.url, port) });
    const sql = postgres(pg.url, { max: 2, onnotice: () => {} });
    try {
      const holders = [];
      for (let i = 0; i < 10; i++) holders.push(await addHolder(sql));
      const outcomes: string[] = [];
      for (let i = 0; i < holders.length; i++) {
        if (i === 3) {
          await pg.pause();
          expect((await fetch(`${app.url}/api/health`)).status).toBe(503);
        }
        if (i === 6) {
          await pg.resume();
          await expect
            .poll(async () => (await fetch(`${app.url}/api/health`)).status, { timeout: 30_000 })
            .toBe(200);
        }
        outcomes.push(await requestCode(app.url, holders[i]!));
      }
      expect(outcomes).toEqual([
        'sent',
        'sent',
        'sent',
        'unavailable',
        'unavailable',
        'unavailable',
        'sent',
        'sent',
        'sent',
        'sent',
      ]);

      const rows = await sql`
        select p.pass_number, count(a.id)::int as attempts, count(a.id) filter (where a.state = 'sent')::int as sent
        from passes p left join verification_attempts a on a.pass_id = p.id
        where p.pass_number like 'KHPS199-%' group by p.pass_number`;
      const byPass = new Map(rows.map((r) => [r.pass_number as string, r]));
      holders.forEach((h, i) => {
        const expected = outcomes[i] === 'sent' ? 1 : 0;
        expect(byPass.get(h.passNumber)).toMatchObject({ attempts: expected, sent: expected });
      });
      const [outbox] = await sql`select count(*)::int as n from sms_outbox`;
      expect(outbox!.n).toBe(outcomes.filter((o) => o === 'sent').length);

      // The requests refused during the outage did not burn their window.
      for (const i of [3, 4, 5]) expect(await requestCode(app.url, holders[i]!)).toBe('sent');
      expect(app.output()).not.toMatch(/09\d{8}/);
    } finally {
      await sql.end();
      await app.stop();
      await pg.stop();
    }
  });

  test('PostgreSQL restarted in the middle of concurrent public sends: every request answered in bounded time, no duplicate SMS', async () => {
    test.setTimeout(180_000);
    const pg = await startThrowawayPostgres();
    const port = E2E_PORT + 7;
    // 600 holders of one company: its daily SMS budget must not be what refuses them.
    const app = await startAppServer({
      port,
      env: { ...e2eServerEnv(pg.url, port), LIMIT_SENDS_PER_COMPANY_DAY: '100000' },
    });
    const sql = postgres(pg.url, { max: 2, onnotice: () => {} });
    try {
      const [company] = await sql`select id from companies where tax_id = '12345675'`;
      // 600 holders of their own: KHPS198-000000…, QQ80000000…, 0980000000…
      await sql`insert into persons (identity_number, name, mobile, company_id)
                select 'QQ' || (80000000 + g), '測試人員', '098' || lpad(g::text, 7, '0'), ${company!.id} from generate_series(0, 599) g`;
      await sql`insert into passes (pass_number, holder_identity_number, holder_name, company_id, valid_from, valid_until)
                select 'KHPS198-' || lpad(g::text, 6, '0'), 'QQ' || (80000000 + g), '測試人員', ${company!.id}, current_date - 1, current_date + 300
                from generate_series(0, 599) g`;
      const form = await findForm(`${app.url}/verify`, 'passNumber');
      let next = 0;
      const outcomes: Array<{ outcome: string; ms: number; at: number }> = [];
      const started = Date.now();
      const client = async () => {
        while (Date.now() - started < 16_000 && next < 600) {
          const g = next++;
          const triple = {
            passNumber: `KHPS198-${String(g).padStart(6, '0')}`,
            identityNumber: `QQ${80000000 + g}`,
            mobile: `098${String(g).padStart(7, '0')}`,
          };
          const t0 = Date.now();
          try {
            // The page's own form, posted as a browser without JavaScript posts it.
            const body = new FormData();
            for (const [k, v] of Object.entries({ ...form.hidden, ...triple, intent: 'issue' }))
              body.append(k, v);
            const res = await fetch(`${app.url}/verify`, {
              method: 'POST',
              body,
              headers: { origin: app.url },
              signal: AbortSignal.timeout(30_000),
            });
            const text = await res.text();
            const error = /data-testid="verify-error"[^>]*>([\s\S]*?)<\/div>/.exec(text)?.[1] ?? '';
            outcomes.push({
              outcome:
                res.status !== 200
                  ? `http ${res.status}`
                  : text.includes('data-testid="sent-notice"')
                    ? 'sent'
                    : error.includes(UNAVAILABLE)
                      ? 'unavailable'
                      : `other: ${error.replace(/<[^>]+>/g, '').slice(0, 80)}`,
              ms: Date.now() - t0,
              at: t0 - started,
            });
          } catch (error) {
            outcomes.push({
              outcome: `no answer (${(error as Error).name})`,
              ms: Date.now() - t0,
              at: t0 - started,
            });
          }
        }
      };
      const restart = (async () => {
        await new Promise((r) => setTimeout(r, 4_000));
        await pg.pause();
        await new Promise((r) => setTimeout(r, 3_000));
        await pg.resume();
      })();
      await Promise.all([...Array.from({ length: 8 }, client), restart]);
      const count = (outcome: string, from = 0, to = Infinity) =>
        outcomes.filter((o) => o.outcome === outcome && o.at >= from && o.at < to).length;
      console.log(
        `[restart] ${outcomes.length} requests: ${count('sent')} sent (${count('sent', 0, 4_000)} before the outage, ${count('sent', 7_000)} after), ${count('unavailable')} told unavailable, slowest ${Math.max(...outcomes.map((o) => o.ms))} ms`,
      );
      // Codes went out before the outage and again after it; every other answer was the
      // outage sentence, in bounded time (the action guard's deadline is 14 s).
      expect(count('sent', 0, 4_000)).toBeGreaterThan(0);
      expect(count('sent', 7_000)).toBeGreaterThan(0);
      expect(count('unavailable')).toBeGreaterThan(0);
      expect(outcomes.filter((o) => !['sent', 'unavailable'].includes(o.outcome))).toEqual([]);
      expect(Math.max(...outcomes.map((o) => o.ms))).toBeLessThan(16_000);
      const duplicates =
        await sql`select to_mobile from sms_outbox group by to_mobile having count(*) > 1`;
      expect(duplicates).toHaveLength(0);
    } finally {
      await sql.end();
      await app.stop();
      await pg.stop();
    }
  });
});
