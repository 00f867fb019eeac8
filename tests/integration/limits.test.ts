import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { companies } from '@/db/schema';
import { seedDemoData } from '@/db/seed';
import { verifyCredentials } from '@/lib/auth/credentials';
import { cancelPendingCode, confirmCode, issueCode } from '@/lib/verification';
import type { EngineDeps } from '@/lib/verification/deps';
import { addHolder, companyIdByTaxId, engineDeps } from '../support/engine';
import { freshPostgres } from '../support/test-db';

let h: DatabaseHandle;
beforeAll(async () => {
  h = await freshPostgres();
  await seedDemoData(h.db);
});
afterAll(() => h?.close());

const withLimits = (limits: Partial<EngineDeps['limits']>) =>
  engineDeps(h.db, {
    limits: {
      publicPerIpHour: 1000,
      sendsPerPassDay: 1000,
      sendsPerCompanyDay: 100_000,
      ...limits,
    },
  });

const nextHour = (now = new Date()) =>
  new Date(Math.floor(now.getTime() / 3_600_000) * 3_600_000 + 3_600_000);

describe('abuse limit: public requests per client IP', () => {
  it('refuses the request past the limit with the time to retry, found or not', async () => {
    const deps = withLimits({ publicPerIpHour: 3 });
    const ip = '203.0.113.7';
    const probe = {
      channel: 'public' as const,
      passNumber: 'KHPS999-000001',
      identityNumber: 'A123456789',
      mobile: '0912345678',
      ip,
    };
    for (let i = 0; i < 3; i++)
      expect(await issueCode(deps, probe)).toEqual({ ok: false, reason: 'not-found' });
    expect(await issueCode(deps, probe)).toEqual({
      ok: false,
      reason: 'rate-limited',
      retryAfter: nextHour(),
    });
    expect(await confirmCode(deps, { ...probe, code: '123456' })).toMatchObject({
      ok: false,
      reason: 'rate-limited',
    });
    expect(await issueCode(deps, { ...probe, ip: '203.0.113.8' })).toEqual({
      ok: false,
      reason: 'not-found',
    });
  });

  it('holds under 20 concurrent requests from one IP: exactly the limit gets through', async () => {
    const deps = withLimits({ publicPerIpHour: 5 });
    const holders = await Promise.all(Array.from({ length: 20 }, () => addHolder(h.db)));
    const results = await Promise.all(
      holders.map((x) => issueCode(deps, { channel: 'public', ...x, ip: '198.51.100.20' })),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(5);
    expect(results.filter((r) => !r.ok && r.reason === 'rate-limited')).toHaveLength(15);
  });
});

describe('abuse limit: sends per pass per day (the cancel does not reset it)', () => {
  it('refuses the third send of the day with the next Taiwan midnight', async () => {
    const deps = withLimits({ sendsPerPassDay: 2 });
    const holder = await addHolder(h.db);
    const companyId = await companyIdByTaxId(h.db, '12345675');
    const cancel = () =>
      cancelPendingCode(deps, {
        companyId,
        accountId: 1,
        passNumber: holder.passNumber,
        reason: '未收到簡訊',
      });
    expect((await issueCode(deps, { channel: 'public', ...holder })).ok).toBe(true);
    expect(await cancel()).toEqual({ ok: true });
    expect((await issueCode(deps, { channel: 'public', ...holder })).ok).toBe(true);
    expect(await cancel()).toEqual({ ok: true });
    const third = await issueCode(deps, { channel: 'public', ...holder });
    expect(third).toMatchObject({ ok: false, reason: 'rate-limited' });
    if (!third.ok && third.reason === 'rate-limited') {
      const taipei = new Intl.DateTimeFormat('en-GB', {
        timeZone: 'Asia/Taipei',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      }).format(third.retryAfter);
      expect(taipei).toBe('00:00');
      expect(third.retryAfter.getTime()).toBeGreaterThan(Date.now());
    }
  });
});

describe('abuse limit: sends per company per day (SMS-pumping guard)', () => {
  it('refuses once the company budget is spent, and the refused send keeps no window', async () => {
    const holders = await Promise.all(
      Array.from({ length: 3 }, () => addHolder(h.db, { companyTaxId: '87654322' })),
    );
    const deps = withLimits({ sendsPerCompanyDay: 2 });
    expect((await issueCode(deps, { channel: 'public', ...holders[0]! })).ok).toBe(true);
    expect((await issueCode(deps, { channel: 'public', ...holders[1]! })).ok).toBe(true);
    expect(await issueCode(deps, { channel: 'public', ...holders[2]! })).toMatchObject({
      ok: false,
      reason: 'rate-limited',
    });
    expect((await issueCode(withLimits({}), { channel: 'public', ...holders[2]! })).ok).toBe(true);
  });
});

describe('abuse limit: the company budget under concurrency (no hot row, a bounded overshoot)', () => {
  it('50 concurrent sends against a budget of 5 overshoot by at most the statements in flight (pool of 20), then none', async () => {
    await h.db.insert(companies).values({ taxId: '24681357', name: '預算測試公司' });
    const holders = await Promise.all(
      Array.from({ length: 51 }, () => addHolder(h.db, { companyTaxId: '24681357' })),
    );
    const deps = withLimits({ sendsPerCompanyDay: 5 });
    const results = await Promise.all(
      holders.slice(0, 50).map((x) => issueCode(deps, { channel: 'public', ...x })),
    );
    const sent = results.filter((r) => r.ok).length;
    console.log(`[budget] 50 concurrent sends, budget 5: ${sent} sent`);
    expect(sent).toBeGreaterThanOrEqual(5);
    expect(sent).toBeLessThanOrEqual(5 + 20);
    expect(results.filter((r) => !r.ok && r.reason !== 'rate-limited')).toEqual([]);
    expect(await issueCode(deps, { channel: 'public', ...holders[50]! })).toMatchObject({
      ok: false,
      reason: 'rate-limited',
    });
  });
});

describe('abuse limit: sign-in failures per account and per IP', () => {
  it('locks an account after 5 failures, even for the right password, and says until when', async () => {
    for (let i = 0; i < 5; i++) {
      expect(
        await verifyCredentials(
          h.db,
          { login: 'demo-b', password: `wrong-${i}` },
          { ip: '192.0.2.1' },
        ),
      ).toEqual({ ok: false, reason: 'invalid' });
    }
    const locked = await verifyCredentials(
      h.db,
      { login: 'demo-b', password: 'demo-b-pass' },
      { ip: '192.0.2.99' },
    );
    expect(locked).toMatchObject({ ok: false, reason: 'locked' });
    if (!locked.ok && locked.reason === 'locked')
      expect(locked.retryAfter.getTime()).toBeGreaterThan(Date.now());
  });

  it('locks an IP after 20 failures across accounts', async () => {
    for (let i = 0; i < 20; i++)
      await verifyCredentials(h.db, { login: `nobody-${i}`, password: 'x' }, { ip: '192.0.2.50' });
    expect(
      await verifyCredentials(
        h.db,
        { login: 'demo-a', password: 'demo-a-pass' },
        { ip: '192.0.2.50' },
      ),
    ).toMatchObject({ reason: 'locked' });
    expect(
      await verifyCredentials(
        h.db,
        { login: 'demo-a', password: 'demo-a-pass' },
        { ip: '192.0.2.51' },
      ),
    ).toMatchObject({ ok: true });
  });
});
