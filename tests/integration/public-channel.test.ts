/**
 * The security review's attacks on what the public [送出驗證碼] tells and locks, and codes that supersede each other, each as a test named after
 * it. Every one of them succeeded against the build before the fix.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { rateCounters } from '@/db/schema';
import { cancelPendingCode, confirmCode, issueCode } from '../support/parsed';
import { accountIdOf, addHolder, engineDeps, latestCode, livePersonOf } from '../support/engine';
import { freshDemoPostgres } from '../support/test-db';

let h: DatabaseHandle;
let a: number;
let b: number;
beforeAll(async () => {
  ({ handle: h, companyA: a, companyB: b } = await freshDemoPostgres());
});
afterAll(() => h?.close());

const accountId = (login: string) => accountIdOf(h.db, login);
const personOf = (identityNumber: string) => livePersonOf(h.db, identityNumber);

describe('the public [送出驗證碼] is no oracle and no lock-out lever', () => {
  it('right pass and identity number with a wrong mobile answer exactly like a wrong identity number', async () => {
    const holder = await addHolder(h.db);
    const deps = engineDeps(h.db);
    const probe = (over: Partial<typeof holder>) =>
      confirmCode(deps, { channel: 'public', ...holder, ...over, code: '123456' });
    const strangerAnswer = await probe({ identityNumber: 'ZZ99999999' });
    expect(strangerAnswer).toEqual({ ok: false, reason: 'not-found' });
    expect(await probe({ mobile: '0900000001' })).toEqual(strangerAnswer);
    // The whole triple: now the answer may say there is no code.
    expect(await probe({})).toEqual({ ok: false, reason: 'no-pending-code' });
  });

  it('an expired pass with a wrong mobile gets the not-found sentence, not its end date', async () => {
    const holder = await addHolder(h.db, { validUntil: '2021-01-01' });
    const deps = engineDeps(h.db);
    expect(
      await confirmCode(deps, {
        channel: 'public',
        ...holder,
        mobile: '0900000002',
        code: '123456',
      }),
    ).toEqual({ ok: false, reason: 'not-found' });
    expect(await issueCode(deps, { channel: 'public', ...holder, mobile: '0900000002' })).toEqual({
      ok: false,
      reason: 'not-found',
    });
    expect(await confirmCode(deps, { channel: 'public', ...holder, code: '123456' })).toMatchObject(
      { ok: false, reason: 'expired-pass' },
    );
  });

  it('a code locked by five wrong guesses can be cancelled by the applicant, freeing the window', async () => {
    const holder = await addHolder(h.db);
    const deps = engineDeps(h.db);
    expect((await issueCode(deps, { channel: 'public', ...holder })).ok).toBe(true);
    const code = await latestCode(h.db, holder.mobile);
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++)
      await confirmCode(deps, { channel: 'public', ...holder, code: wrong });
    expect(await confirmCode(deps, { channel: 'public', ...holder, code })).toMatchObject({
      ok: false,
      reason: 'locked',
    });
    expect((await issueCode(deps, { channel: 'public', ...holder })).ok).toBe(false);
    const cancelled = await cancelPendingCode(deps, {
      companyId: a,
      accountId: await accountId('demo-a'),
      passNumber: holder.passNumber,
      reason: '遭他人鎖定',
    });
    expect(cancelled).toEqual({ ok: true });
    expect((await issueCode(deps, { channel: 'public', ...holder })).ok).toBe(true);
  });
});

describe('a superseded code does not strand the holder', () => {
  it('a code superseded by another company’s send to a changed number frees its window for a new code', async () => {
    const holder = await addHolder(h.db, { companyTaxId: '87654322', personTaxId: '12345675' });
    const deps = engineDeps(h.db);
    // B (applied for the pass) sends to 預設手機號碼; A (maintains the record) then sends to a new number.
    expect(
      (
        await issueCode(deps, {
          channel: 'applicant',
          accountId: await accountId('demo-b'),
          companyId: b,
          passNumber: holder.passNumber,
        })
      ).ok,
    ).toBe(true);
    expect(
      (
        await issueCode(deps, {
          channel: 'applicant',
          accountId: await accountId('demo-a'),
          companyId: a,
          passNumber: holder.passNumber,
          changedMobile: '0933777888',
        })
      ).ok,
    ).toBe(true);
    // The holder's own code is superseded; the public form can send a fresh one at once.
    expect((await issueCode(deps, { channel: 'public', ...holder })).ok).toBe(true);
  });
});

describe('only an applicant confirms a changed-number code; counters are purged', () => {
  it('the public channel cannot confirm a code an applicant sent to a changed number, even with it', async () => {
    const holder = await addHolder(h.db);
    const deps = engineDeps(h.db);
    expect(
      (
        await issueCode(deps, {
          channel: 'applicant',
          accountId: await accountId('demo-a'),
          companyId: a,
          passNumber: holder.passNumber,
          changedMobile: '0955123456',
        })
      ).ok,
    ).toBe(true);
    const code = await latestCode(h.db, '0955123456');
    const attack = await confirmCode(deps, {
      channel: 'public',
      ...holder,
      mobile: '0955123456',
      code,
    });
    expect(attack).toEqual({ ok: false, reason: 'not-found' });
    expect((await personOf(holder.identityNumber))?.mobile).toBe(holder.mobile);
    // The maintaining company confirms it, and the record follows (rule 5).
    expect(
      await confirmCode(deps, {
        channel: 'applicant',
        companyId: a,
        passNumber: holder.passNumber,
        code,
      }),
    ).toMatchObject({ ok: true, personUpdated: true });
    expect((await personOf(holder.identityNumber))?.mobile).toBe('0955123456');
  });

  it('attempts purge also removes the counters of ended windows (they name client addresses)', async () => {
    const { purgeCounters } = await import('@/db/queries/limits');
    await h.db.insert(rateCounters).values({
      bucket: 'public-ip:203.0.113.99',
      windowStart: new Date('2020-01-01T00:00:00Z'),
      hits: 3,
    });
    expect(
      await purgeCounters(h.db, { before: new Date(Date.now() - 86_400_000) }),
    ).toBeGreaterThanOrEqual(1);
    const left = await h.db
      .select()
      .from(rateCounters)
      .where(eq(rateCounters.bucket, 'public-ip:203.0.113.99'));
    expect(left).toHaveLength(0);
  });
});
