import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { persons } from '@/db/schema';
import { deletePerson, updatePerson } from '@/lib/domain/persons';
import { getPassDetail, listPasses, passListQuerySchema } from '@/lib/domain/passes';
import { cancelPendingCode, confirmCode, issueCode } from '../support/parsed';
import { engineDeps } from '../support/engine';
import { freshDemoPostgres } from '../support/test-db';

let h: DatabaseHandle;
let a: number;
let b: number;
beforeAll(async () => {
  ({ handle: h, companyA: a, companyB: b } = await freshDemoPostgres());
});
afterAll(() => h?.close());

const list = (companyId: number, tab: string, extra: Record<string, string> = {}) =>
  listPasses(h.db, companyId, passListQuerySchema.parse({ tab, ...extra }));

describe('所屬通行證 and 非所屬通行證: an applicant sees exactly these two lists', () => {
  it('demo-a: eight owned (one of them KHPS111-000050, expired), KHPS113-000050 maintained, never KHPS113-000060, statuses as the demo table', async () => {
    const owned = await list(a, 'owned');
    expect(owned.rows.map((r) => [r.passNumber, r.status]).sort()).toEqual(
      [
        ['KHPS111-000050', 'unverified'],
        ['KHPS112-000099', 'unverified'],
        ['KHPS113-000040', 'unverified'],
        ['KHPS113-000041', 'verified'],
        ['KHPS113-000042', 'pending'],
        ['KHPS113-000043', 'unverified'],
        ['KHPS113-000044', 'unverified'],
        ['KHPS113-000045', 'unverified'],
      ].sort(),
    );
    expect((await list(a, 'maintained')).rows.map((r) => r.passNumber)).toEqual(['KHPS113-000050']);
  });

  it('filters by 是否驗證 in SQL agree with computeStatus', async () => {
    for (const status of ['verified', 'unverified', 'pending'] as const) {
      const rows = (await list(a, 'owned', { status })).rows;
      expect(rows.every((r) => r.status === status)).toBe(true);
    }
    expect((await list(a, 'owned', { name: '檢訊' })).rows.map((r) => r.passNumber)).toEqual([
      'KHPS113-000040',
    ]);
    expect((await list(a, 'owned', { identityNumber: 'qq1234567' })).total).toBe(2);
  });

  it('company B with forged ids gets nothing of company A', async () => {
    expect(await getPassDetail(h.db, b, 'KHPS113-000043')).toBeNull();
    const [personOfA] = await h.db
      .select()
      .from(persons)
      .where(eq(persons.identityNumber, 'QQ12345673'));
    expect(
      await updatePerson(
        h.db,
        { companyId: b, accountId: 0 },
        personOfA!.id,
        { name: 'x', mobile: '0912345678' },
        engineDeps(h.db),
      ),
    ).toEqual({ ok: false, reason: 'not-found' });
    expect(await deletePerson(h.db, { companyId: b, accountId: 0 }, personOfA!.id)).toEqual({
      ok: false,
      reason: 'not-found',
    });
    const deps = engineDeps(h.db);
    expect(
      await issueCode(deps, {
        channel: 'applicant',
        accountId: 2,
        companyId: b,
        passNumber: 'KHPS113-000043',
      }),
    ).toEqual({ ok: false, reason: 'not-found' });
    expect(
      await confirmCode(deps, {
        channel: 'applicant',
        companyId: b,
        passNumber: 'KHPS113-000043',
        code: '123456',
      }),
    ).toEqual({ ok: false, reason: 'not-found' });
    expect(
      await cancelPendingCode(deps, {
        companyId: b,
        accountId: 2,
        passNumber: 'KHPS113-000043',
        reason: '偽造',
      }),
    ).toEqual({ ok: false, reason: 'not-found' });
    const [after] = await h.db
      .select()
      .from(persons)
      .where(eq(persons.identityNumber, 'QQ12345673'));
    expect(after).toEqual(personOfA);
  });

  it('rule 7: editing or deleting a verified holder turns the pass 待驗證 at once', async () => {
    const [person] = await h.db
      .select()
      .from(persons)
      .where(eq(persons.identityNumber, 'A123000410'));
    expect((await getPassDetail(h.db, a, 'KHPS113-000041'))?.status).toBe('verified');
    await updatePerson(
      h.db,
      { companyId: a, accountId: 0 },
      person!.id,
      { name: person!.name, mobile: '0912000411' },
      engineDeps(h.db),
    );
    expect((await getPassDetail(h.db, a, 'KHPS113-000041'))?.status).toBe('pending');
    await deletePerson(h.db, { companyId: a, accountId: 0 }, person!.id);
    const detail = await getPassDetail(h.db, a, 'KHPS113-000041');
    expect(detail).toMatchObject({ status: 'pending', personMobile: null });
  });
});

describe('counts by status above the list, and the CSV export, scoped like the list', () => {
  it('each count equals what the list shows for that status, and they add up to the total', async () => {
    // Other tests of this file change the demo statuses: the counts are checked against the rows.
    const owned = await list(a, 'owned');
    for (const status of ['verified', 'unverified', 'pending'] as const) {
      expect(owned.counts[status]).toBe(owned.rows.filter((r) => r.status === status).length);
      expect((await list(a, 'owned', { status })).total).toBe(owned.counts[status]);
    }
    expect(owned.counts.verified + owned.counts.unverified + owned.counts.pending).toBe(
      owned.total,
    );
    expect((await list(b, 'owned')).counts).toEqual({ verified: 0, unverified: 2, pending: 0 });
  });

  it('the export holds every row of the filtered list and nothing of another company', async () => {
    const { listAllPasses } = await import('@/lib/domain/passes');
    const rows = [];
    for await (const r of listAllPasses(h.db, b, passListQuerySchema.parse({ tab: 'owned' })))
      rows.push(r.passNumber);
    expect(rows.sort()).toEqual(['KHPS113-000050', 'KHPS113-000060']);
    const maintained = [];
    for await (const r of listAllPasses(h.db, a, passListQuerySchema.parse({ tab: 'maintained' })))
      maintained.push(r.passNumber);
    expect(maintained).toEqual(['KHPS113-000050']);
  });
});
