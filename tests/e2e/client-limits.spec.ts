/**
 * The per-client limits of the default deployment (`next start` with no proxy in front): the
 * client is the connection's own address, so headers a client sends cannot make it someone else,
 * and the count is shared by every instance on the database.
 */
import { startAppServer, type AppServer } from '../support/app-server';
import { createDatabase, dropDatabase, withDatabase } from '../support/databases';
import { findForm, submitForm } from '../support/forms';
import { expect, test } from './fixtures';
import { E2E_PORT, e2eServerEnv } from './server-env';

const LIMITED = '請求過於頻繁';
const SIGN_IN_LOCKED = '登入失敗次數過多';
const randomIp = () =>
  `${1 + Math.floor(Math.random() * 200)}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${1 + Math.floor(Math.random() * 250)}`;

test.describe('directly exposed (next start, no proxy): the per-client limits count the connection', () => {
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
