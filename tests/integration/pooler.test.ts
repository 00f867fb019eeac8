/**
 * Through PgBouncer in transaction pooling mode (many instances on one PostgreSQL): the engine
 * keeps no session state, prepared statements or advisory locks, so every guarantee holds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { accounts } from '@/db/schema';
import { seedDemoData } from '@/db/seed';
import { verifyCredentials } from '@/lib/auth/credentials';
import { hashPassword } from '@/lib/auth/password';
import { confirmCode, issueCode } from '../support/parsed';
import {
  addHolder,
  companyIdByTaxId,
  countingTransport,
  engineDeps,
  latestCode,
} from '../support/engine';
import { freshPostgres } from '../support/test-db';

let h: DatabaseHandle;
beforeAll(async () => {
  h = await freshPostgres({ viaPooler: true, max: 40 });
  await seedDemoData(h.db);
});
afterAll(() => h?.close());

describe('the engine through PgBouncer (transaction pooling, no prepared statements)', () => {
  it('50 concurrent requests for one triple send exactly one SMS', async () => {
    const holder = await addHolder(h.db);
    const base = engineDeps(h.db);
    const sms = countingTransport(base.sms);
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        issueCode({ ...base, sms }, { channel: 'public', ...holder }),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(sms.count).toBe(1);
  });

  it('20 concurrent right confirms: exactly one success', async () => {
    const holder = await addHolder(h.db);
    const deps = engineDeps(h.db);
    expect((await issueCode(deps, { channel: 'public', ...holder })).ok).toBe(true);
    const code = await latestCode(h.db, holder.mobile);
    const results = await Promise.all(
      Array.from({ length: 20 }, () => confirmCode(deps, { channel: 'public', ...holder, code })),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
  });

  it('30 concurrent wrong guesses: exactly 5 counted, then the code is locked', async () => {
    const holder = await addHolder(h.db);
    const deps = engineDeps(h.db);
    expect((await issueCode(deps, { channel: 'public', ...holder })).ok).toBe(true);
    const code = await latestCode(h.db, holder.mobile);
    const wrong = code === '000000' ? '111111' : '000000';
    const results = await Promise.all(
      Array.from({ length: 30 }, () =>
        confirmCode(deps, { channel: 'public', ...holder, code: wrong }),
      ),
    );
    expect(results.filter((r) => !r.ok && r.reason === 'wrong-code')).toHaveLength(4);
    expect(results.filter((r) => !r.ok && r.reason === 'locked')).toHaveLength(26);
    expect(await confirmCode(deps, { channel: 'public', ...holder, code })).toMatchObject({
      ok: false,
      reason: 'locked',
    });
  });

  it('a burst of 50 sign-in guesses checks exactly 5 passwords', async () => {
    const a = await companyIdByTaxId(h.db, '12345675');
    await h.db.insert(accounts).values({
      companyId: a,
      login: 'pooled',
      passwordHash: hashPassword('the-right-password'),
      displayName: 'p',
    });
    const tries = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        verifyCredentials(h.db, { login: 'pooled', password: `w${i}` }, { ip: `192.0.2.${i}` }),
      ),
    );
    expect(tries.filter((r) => !r.ok && r.reason === 'invalid')).toHaveLength(5);
  });
});
