/**
 * The security review's attacks on sign-in guesses against the lockout, each as a test named after
 * it. Every one of them succeeded against the build before the fix.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { accounts } from '@/db/schema';
import { verifyCredentials } from '@/lib/auth/credentials';
import { hashPassword } from '@/lib/auth/password';
import { env } from '@/lib/env';
import { freshDemoPostgres } from '../support/test-db';

let h: DatabaseHandle;
let a: number;
beforeAll(async () => {
  ({ handle: h, companyA: a } = await freshDemoPostgres());
});
afterAll(() => h?.close());

describe('a burst of sign-in guesses checks no more passwords than the limit', () => {
  it('100 concurrent wrong passwords: exactly 5 checked, 95 locked out; then the right one is refused too', async () => {
    const login = `burst-${Date.now()}`;
    await h.db.insert(accounts).values({
      companyId: a,
      login,
      passwordHash: hashPassword('the-right-password'),
      displayName: 'burst',
    });
    const tries = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        verifyCredentials(h.db, { login, password: `wrong-${i}` }, { ip: `192.0.2.${i % 50}` }),
      ),
    );
    expect(tries.filter((r) => !r.ok && r.reason === 'invalid')).toHaveLength(
      env.LIMIT_SIGNIN_FAILURES_PER_ACCOUNT,
    );
    expect(tries.filter((r) => !r.ok && r.reason === 'locked')).toHaveLength(
      100 - env.LIMIT_SIGNIN_FAILURES_PER_ACCOUNT,
    );
    expect(await verifyCredentials(h.db, { login, password: 'the-right-password' })).toMatchObject({
      ok: false,
      reason: 'locked',
    });
  });

  it('right passwords do not use up the budget: six good sign-ins in a row all succeed', async () => {
    const login = `good-${Date.now()}`;
    await h.db.insert(accounts).values({
      companyId: a,
      login,
      passwordHash: hashPassword('the-right-password'),
      displayName: 'good',
    });
    for (let i = 0; i < 6; i++) {
      expect(
        await verifyCredentials(
          h.db,
          { login, password: 'the-right-password' },
          { ip: '192.0.2.200' },
        ),
      ).toMatchObject({ ok: true });
    }
  });

  it('one client guessing across many accounts is stopped by the per-client limit', async () => {
    const ip = '198.51.100.77';
    const tries = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        verifyCredentials(h.db, { login: `nobody-${i}`, password: 'x' }, { ip }),
      ),
    );
    expect(tries.filter((r) => !r.ok && r.reason === 'invalid')).toHaveLength(
      env.LIMIT_SIGNIN_FAILURES_PER_IP,
    );
  });
});
