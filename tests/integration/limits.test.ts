import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { companies } from '@/db/schema';
import { seedDemoData } from '@/db/seed';
import { accounts } from '@/db/schema';
import { checkSignInLock, verifyCredentials } from '@/lib/auth/credentials';
import { hashPassword } from '@/lib/auth/password';
import { cancelPendingCode, confirmCode, issueCode } from '../support/parsed';
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

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** A clock the test moves: limits read `now` from it, never from the wall. */
function testClock(start: Date) {
  let t = start.getTime();
  return {
    now: () => new Date(t),
    set: (at: Date) => void (t = at.getTime()),
    advance: (ms: number) => void (t += ms),
  };
}

/** An instant just before one of the old fixed windows' boundaries (a quarter or a whole hour). */
const justBefore = (boundaryMs: number, ms: number) =>
  new Date(Math.ceil(Date.now() / boundaryMs) * boundaryMs + boundaryMs - ms);

let ipSerial = 0;
const freshIp = () => `198.18.${Math.floor(++ipSerial / 250)}.${ipSerial % 250}`;

const probe = (ip: string) => ({
  channel: 'public' as const,
  passNumber: 'KHPS999-000001',
  identityNumber: 'A123456789',
  mobile: '0912345678',
  ip,
});

describe('abuse limit: public requests per client IP', () => {
  it('refuses the request past the limit with the time to retry, found or not', async () => {
    const clock = testClock(new Date());
    const deps = { ...withLimits({ publicPerIpHour: 3 }), now: clock.now };
    const ip = '203.0.113.7';
    for (let i = 0; i < 3; i++)
      expect(await issueCode(deps, probe(ip))).toEqual({ ok: false, reason: 'not-found' });
    // A token bucket of 3 an hour: the next request conforms 20 minutes after the burst.
    expect(await issueCode(deps, probe(ip))).toEqual({
      ok: false,
      reason: 'rate-limited',
      retryAfter: new Date(clock.now().getTime() + 20 * MINUTE),
    });
    const probeIp = probe(ip);
    expect(await confirmCode(deps, { ...probeIp, code: '123456' })).toMatchObject({
      ok: false,
      reason: 'rate-limited',
    });
    expect(await issueCode(deps, { ...probeIp, ip: '203.0.113.8' })).toEqual({
      ok: false,
      reason: 'not-found',
    });
    clock.advance(20 * MINUTE);
    expect(await issueCode(deps, probeIp)).toEqual({ ok: false, reason: 'not-found' });
  });

  it('the hour boundary does not reset a client: 3 requests just before it and 3 just after, 3 pass', async () => {
    const clock = testClock(justBefore(HOUR, 200));
    const deps = { ...withLimits({ publicPerIpHour: 3 }), now: clock.now };
    const ip = freshIp();
    const outcomes = [];
    for (let i = 0; i < 6; i++) {
      outcomes.push((await issueCode(deps, probe(ip))) as { reason: string });
      clock.advance(70); // six requests within half a second, across the hour
    }
    expect(outcomes.map((o) => o.reason)).toEqual([
      'not-found',
      'not-found',
      'not-found',
      'rate-limited',
      'rate-limited',
      'rate-limited',
    ]);
  });

  it('an attacker rotating through the IPv6 addresses of its /64 is one client', async () => {
    const clock = testClock(new Date());
    const deps = { ...withLimits({ publicPerIpHour: 3 }), now: clock.now };
    const outcomes = [];
    for (let i = 1; i <= 5; i++)
      outcomes.push(
        (
          (await issueCode(deps, probe(`2001:db8:22:4:${i.toString(16)}::${i}`))) as {
            reason: string;
          }
        ).reason,
      );
    expect(outcomes).toEqual([
      'not-found',
      'not-found',
      'not-found',
      'rate-limited',
      'rate-limited',
    ]);
    // The next /64 is another client; an IPv4-mapped address is its IPv4 client.
    expect(await issueCode(deps, probe('2001:db8:22:5::1'))).toMatchObject({ reason: 'not-found' });
    for (let i = 0; i < 3; i++) await issueCode(deps, probe('203.0.113.44'));
    expect(await issueCode(deps, probe('::ffff:203.0.113.44'))).toMatchObject({
      reason: 'rate-limited',
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

/** An applicant account of its own, whose right password is `right-password`. */
async function freshAccount(): Promise<string> {
  const login = `lim-${Date.now() % 1_000_000}-${++ipSerial}`;
  const companyId = await companyIdByTaxId(h.db, '12345675');
  await h.db.insert(accounts).values({
    companyId,
    login,
    passwordHash: hashPassword('right-password'),
    displayName: 'limits',
  });
  return login;
}

describe('sign-in lockouts slide: no clock boundary resets them', () => {
  it('five wrong passwords just before :15 and five just after: five checked, and the lock runs 15 minutes from the fifth', async () => {
    const login = await freshAccount();
    const clock = testClock(justBefore(15 * MINUTE, 5_000));
    const ip = freshIp();
    const outcomes = [];
    let fifth = new Date(0);
    for (let i = 0; i < 10; i++) {
      if (i === 4) fifth = clock.now();
      outcomes.push(
        await verifyCredentials(h.db, { login, password: `wrong-${i}` }, { ip, now: clock.now() }),
      );
      clock.advance(1_000); // ten tries within ten seconds, across the quarter hour
    }
    expect(outcomes.filter((o) => !o.ok && o.reason === 'invalid')).toHaveLength(5);
    const locked = outcomes.slice(5);
    for (const o of locked)
      expect(o).toEqual({
        ok: false,
        reason: 'locked',
        retryAfter: new Date(fifth.getTime() + 15 * MINUTE),
      });
  });

  it('the lock ends 15 minutes after the failure that began it, not before and not at a quarter hour', async () => {
    const login = await freshAccount();
    const clock = testClock(new Date());
    const ip = freshIp();
    const tryAt = (at: Date, password = 'wrong') =>
      verifyCredentials(h.db, { login, password }, { ip, now: at });
    for (let i = 0; i < 4; i++) {
      await tryAt(clock.now());
      clock.advance(MINUTE);
    }
    clock.advance(10 * MINUTE); // the fifth, 13 minutes after the first, still within 15
    const fifth = clock.now();
    expect(await tryAt(fifth)).toEqual({ ok: false, reason: 'invalid' });
    const end = new Date(fifth.getTime() + 15 * MINUTE);
    expect(await tryAt(new Date(end.getTime() - 1), 'right-password')).toEqual({
      ok: false,
      reason: 'locked',
      retryAfter: end,
    });
    expect(await tryAt(end, 'right-password')).toMatchObject({ ok: true });
  });

  it('tries leave the window one by one: four failures, then one more each 15 minutes later is never a lock', async () => {
    const login = await freshAccount();
    const clock = testClock(new Date());
    const ip = freshIp();
    for (let i = 0; i < 4; i++) {
      await verifyCredentials(h.db, { login, password: 'wrong' }, { ip, now: clock.now() });
      clock.advance(MINUTE);
    }
    // The window slides: once the first failure is 15 minutes old, four remain within it.
    clock.advance(11 * MINUTE + 1);
    for (let i = 0; i < 3; i++) {
      expect(
        await verifyCredentials(h.db, { login, password: 'wrong' }, { ip, now: clock.now() }),
      ).toEqual({ ok: false, reason: 'invalid' });
      clock.advance(MINUTE);
    }
  });

  it('a right password on the fifth try takes the try back, and the lock it began', async () => {
    const login = await freshAccount();
    const clock = testClock(new Date());
    const ip = freshIp();
    for (let i = 0; i < 4; i++)
      await verifyCredentials(h.db, { login, password: 'wrong' }, { ip, now: clock.now() });
    clock.advance(1_000);
    expect(
      await verifyCredentials(
        h.db,
        { login, password: 'right-password' },
        { ip, now: clock.now() },
      ),
    ).toMatchObject({ ok: true });
    clock.advance(1_000);
    expect(
      await verifyCredentials(h.db, { login, password: 'wrong' }, { ip, now: clock.now() }),
    ).toEqual({ ok: false, reason: 'invalid' });
    clock.advance(1_000);
    expect(
      await verifyCredentials(
        h.db,
        { login, password: 'right-password' },
        { ip, now: clock.now() },
      ),
    ).toMatchObject({ ok: false, reason: 'locked' });
  });

  it('one client across many accounts: 20 failures before :15 and more after are still locked out', async () => {
    const clock = testClock(justBefore(15 * MINUTE, 3_000));
    const ip = freshIp();
    const outcomes = [];
    for (let i = 0; i < 30; i++) {
      outcomes.push(
        await verifyCredentials(
          h.db,
          { login: `nobody-${i}-${ipSerial}`, password: 'x' },
          { ip, now: clock.now() },
        ),
      );
      clock.advance(200);
    }
    expect(outcomes.filter((o) => !o.ok && o.reason === 'invalid')).toHaveLength(20);
    expect(outcomes.filter((o) => !o.ok && o.reason === 'locked')).toHaveLength(10);
  });

  it('an attacker rotating through the IPv6 addresses of its /64 is one client', async () => {
    const clock = testClock(new Date());
    const outcomes = [];
    for (let i = 0; i < 25; i++)
      outcomes.push(
        await verifyCredentials(
          h.db,
          { login: `nobody6-${i}-${ipSerial}`, password: 'x' },
          { ip: `2001:db8:22:6::${(i + 1).toString(16)}`, now: clock.now() },
        ),
      );
    expect(outcomes.filter((o) => !o.ok && o.reason === 'locked')).toHaveLength(5);
  });
});

describe('a try refused by a lockout that began while it ran is told of the lockout', () => {
  it('12 concurrent sign-ins as the sign-in form runs them: 5 passwords checked, 7 told of the lock', async () => {
    const login = await freshAccount();
    const ip = freshIp();
    // As the sign-in form: the lock is asked (and the try counted) first; any refusal of the
    // password step is shown as "wrong account or password".
    const signIn = async (i: number) => {
      const lock = await checkSignInLock(h.db, { login, ip });
      if (!lock.ok) return 'lockout sentence';
      const result = await verifyCredentials(h.db, { login, password: `wrong-${i}` }, { ip });
      return result.ok ? 'signed in' : 'wrong account or password';
    };
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => signIn(i)));
    expect(answers.filter((a) => a === 'wrong account or password')).toHaveLength(5);
    expect(answers.filter((a) => a === 'lockout sentence')).toHaveLength(7);
  });

  it('the lock sentence names the end of the lock, and the right password then signs in once it ends', async () => {
    const login = await freshAccount();
    const ip = freshIp();
    const clock = testClock(new Date());
    for (let i = 0; i < 5; i++) {
      expect(await checkSignInLock(h.db, { login, ip, now: clock.now() })).toEqual({ ok: true });
      await verifyCredentials(h.db, { login, password: 'wrong' }, { ip, now: clock.now() });
    }
    const lock = await checkSignInLock(h.db, { login, ip, now: clock.now() });
    expect(lock).toEqual({
      ok: false,
      limit: 'signin-account',
      retryAfter: new Date(clock.now().getTime() + 15 * MINUTE),
    });
    clock.advance(15 * MINUTE);
    expect(await checkSignInLock(h.db, { login, ip, now: clock.now() })).toEqual({ ok: true });
    expect(
      await verifyCredentials(
        h.db,
        { login, password: 'right-password' },
        { ip, now: clock.now() },
      ),
    ).toMatchObject({ ok: true });
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
