/**
 * The security review's attacks on sessions that end server-side, each as a test named after
 * it. Every one of them succeeded against the build before the fix.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { disableAccount, setAccountPassword } from '@/db/queries/ops';
import { completeSecondFactor } from '@/db/queries/second-factor';
import { endSession, findLiveSession, insertSession, type UserRef } from '@/db/queries/sessions';
import type { DatabaseHandle } from '@/db/client';
import { accounts, operators } from '@/db/schema';
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
const isSessionLive = async (s: UserRef & { sessionId: string; now: Date }) =>
  (await findLiveSession(h.db, s)) !== null;

describe('sessions end server-side', () => {
  const newSession = async (login: string, hours = 8) => {
    const id = crypto.randomUUID();
    const account = await accountId(login);
    await insertSession(h.db, {
      id,
      accountId: account,
      pending: false,
      expiresAt: new Date(Date.now() + hours * 3_600_000),
    });
    return { sessionId: id, accountId: account, now: new Date() };
  };
  it('a session is dead after its absolute lifetime, however active', async () => {
    const s = await newSession('demo-a');
    expect(await isSessionLive(s)).toBe(true);
    expect(await isSessionLive({ ...s, now: new Date(Date.now() + 8 * 3_600_000 + 1000) })).toBe(
      false,
    );
  });
  it('sign-out ends the session server-side', async () => {
    const s = await newSession('demo-a');
    await endSession(h.db, s);
    expect(await isSessionLive(s)).toBe(false);
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
    expect(await isSessionLive(first)).toBe(false);
    const second = await newSession(login);
    expect(await isSessionLive(second)).toBe(true);
    await disableAccount(h.db, { login });
    expect(await isSessionLive(second)).toBe(false);
  });
  it('a forged session id, or another account’s, is not live', async () => {
    const s = await newSession('demo-a');
    expect(await isSessionLive({ ...s, sessionId: crypto.randomUUID() })).toBe(false);
    expect(await isSessionLive({ ...s, accountId: await accountId('demo-b') })).toBe(false);
  });
  it('one table, two kinds: an operator’s session id presented as an applicant’s (or the reverse) is not live, and cannot be completed', async () => {
    const [operator] = await h.db
      .insert(operators)
      .values({
        login: `sess-op-${Date.now()}`,
        passwordHash: hashPassword('the-right-password'),
        displayName: 'o',
      })
      .returning({ id: operators.id });
    const operatorSession = crypto.randomUUID();
    await insertSession(h.db, {
      id: operatorSession,
      operatorId: operator!.id,
      pending: true,
      expiresAt: new Date(Date.now() + 600_000),
    });
    const now = new Date();
    const asOperator = { operatorId: operator!.id, sessionId: operatorSession, now };
    expect(await isSessionLive(asOperator)).toBe(true);
    // An account whose id equals the operator's, or any account: the row is not theirs.
    for (const accountId of [operator!.id, await accountIdOf(h.db, 'demo-a')])
      expect(await isSessionLive({ accountId, sessionId: operatorSession, now })).toBe(false);
    expect(
      await completeSecondFactor(h.db, {
        accountId: operator!.id,
        sessionId: operatorSession,
        newSessionId: crypto.randomUUID(),
        now,
        hours: 8,
      }),
    ).toBe(false);
    expect(await isSessionLive(asOperator)).toBe(true);
    const s = await newSession('demo-a');
    expect(await isSessionLive({ ...s, accountId: undefined, operatorId: s.accountId })).toBe(
      false,
    );
  });
});
