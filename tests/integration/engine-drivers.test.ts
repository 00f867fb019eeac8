import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { seedDemoData } from '@/db/seed';
import { cancelPendingCode, confirmCode, issueCode } from '../support/parsed';
import { addHolder, companyIdByTaxId, engineDeps, latestCode } from '../support/engine';
import { freshPglite, freshPostgres } from '../support/test-db';

// The engine's single-statement steps (data-modifying CTEs) run on both drivers the service supports.
describe.each([
  ['embedded PGlite', freshPglite],
  ['PostgreSQL', freshPostgres],
] as const)('the engine on %s', (_name, open) => {
  let h: DatabaseHandle;
  beforeAll(async () => {
    h = await open();
    await seedDemoData(h.db);
  });
  afterAll(() => h?.close());

  it('issues, counts a wrong guess, refuses a second send, verifies, and refuses reuse', async () => {
    const deps = engineDeps(h.db, {
      limits: { publicPerIpHour: 10, sendsPerPassDay: 5, sendsPerCompanyDay: 100 },
    });
    const holder = await addHolder(h.db);
    const ip = '203.0.113.50';
    expect(await issueCode(deps, { channel: 'public', ...holder, ip })).toMatchObject({ ok: true });
    expect(await issueCode(deps, { channel: 'public', ...holder, ip })).toMatchObject({
      ok: false,
      reason: 'already-sent',
    });
    const code = await latestCode(h.db, holder.mobile);
    const wrong = code === '000000' ? '111111' : '000000';
    expect(await confirmCode(deps, { channel: 'public', ...holder, code: wrong, ip })).toEqual({
      ok: false,
      reason: 'wrong-code',
      triesLeft: 4,
    });
    expect(await confirmCode(deps, { channel: 'public', ...holder, code, ip })).toMatchObject({
      ok: true,
      mobile: holder.mobile,
    });
    expect(await confirmCode(deps, { channel: 'public', ...holder, code, ip })).toEqual({
      ok: false,
      reason: 'no-pending-code',
    });
  });

  it('applicant: a changed number verified updates the person record; cancel frees the window', async () => {
    const deps = engineDeps(h.db);
    const holder = await addHolder(h.db);
    const companyId = await companyIdByTaxId(h.db, '12345675');
    const applicant = {
      channel: 'applicant' as const,
      accountId: 1,
      companyId,
      passNumber: holder.passNumber,
    };
    expect(await issueCode(deps, { ...applicant, changedMobile: '0966111222' })).toMatchObject({
      ok: true,
    });
    expect(
      await cancelPendingCode(deps, {
        companyId,
        accountId: 1,
        passNumber: holder.passNumber,
        reason: '沒收到',
      }),
    ).toEqual({ ok: true });
    expect(await issueCode(deps, { ...applicant, changedMobile: '0966111222' })).toMatchObject({
      ok: true,
    });
    const code = await latestCode(h.db, '0966111222');
    expect(
      await confirmCode(deps, {
        channel: 'applicant',
        companyId,
        passNumber: holder.passNumber,
        code,
      }),
    ).toMatchObject({ ok: true, personUpdated: true });
  });
});
