/**
 * The security review's attacks on sessions that end server-side, each as a test named after
 * it. Every one of them succeeded against the build before the fix.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endSession, insertSession, isSessionLive } from '@/db/queries/accounts';
import { disableAccount, setAccountPassword } from '@/db/queries/ops';
import type { DatabaseHandle } from '@/db/client';
import { accounts } from '@/db/schema';
import { hashPassword } from '@/lib/auth/password';
import { accountIdOf } from '../support/engine';
import { freshDemoPostgres } from '../support/test-db';

let h: DatabaseHandle;
let a: number;
beforeAll(async () => {
  ({ handle: h, companyA: a } = await freshDemoPostgres());
});
afterAll(() => h?.close());

const accountId = (login: string) => accountIdOf(h.db, login);

describe('finding 6: sessions end', () => {
  const newSession = async (login: string, hours = 8) => {
    const id = crypto.randomUUID();
    const account = await accountId(login);
    await insertSession(h.db, {
      id,
      accountId: account,
      expiresAt: new Date(Date.now() + hours * 3_600_000),
    });
    return { sessionId: id, accountId: account, now: new Date() };
  };
  it('a session is dead after its absolute lifetime, however active', async () => {
    const s = await newSession('demo-a');
    expect(await isSessionLive(h.db, s)).toBe(true);
    expect(
      await isSessionLive(h.db, { ...s, now: new Date(Date.now() + 8 * 3_600_000 + 1000) }),
    ).toBe(false);
  });
  it('sign-out ends the session server-side', async () => {
    const s = await newSession('demo-a');
    await endSession(h.db, s);
    expect(await isSessionLive(h.db, s)).toBe(false);
  });
  it('a password reset and disabling the account end every session of the account', async () => {
    const login = `sess-${Date.now()}`;
    await h.db.insert(accounts).values({
      companyId: a,
      login,
      passwordHash: hashPassword('the-right-password'),
      displayName: 's',
    });
    const first = await newSession(login);
    await setAccountPassword(h.db, { login, passwordHash: hashPassword('another-password') });
    expect(await isSessionLive(h.db, first)).toBe(false);
    const second = await newSession(login);
    expect(await isSessionLive(h.db, second)).toBe(true);
    await disableAccount(h.db, { login });
    expect(await isSessionLive(h.db, second)).toBe(false);
  });
  it('a forged session id, or another account’s, is not live', async () => {
    const s = await newSession('demo-a');
    expect(await isSessionLive(h.db, { ...s, sessionId: crypto.randomUUID() })).toBe(false);
    expect(await isSessionLive(h.db, { ...s, accountId: await accountId('demo-b') })).toBe(false);
  });
});
