/**
 * The copy of a holder's record on each pass (`0004_lists_at_scale.sql`) under a race (review F3): a pass
 * written while another transaction transfers or deletes the holder's record must end up with the
 * record as committed last, and 非所屬通行證 must never show a pass to a company that no longer
 * maintains its holder.
 */
import { and, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { companies, passes, persons } from '@/db/schema';
import { listPasses, passListQuerySchema } from '@/lib/domain/passes';
import { freshPostgres } from '../support/test-db';

let h: DatabaseHandle;
let a: number;
let b: number;
let c: number;
beforeAll(async () => {
  h = await freshPostgres();
  [{ id: a }, { id: b }, { id: c }] = (await h.db
    .insert(companies)
    .values([
      { taxId: '31000001', name: '原維護' },
      { taxId: '31000002', name: '新維護' },
      { taxId: '31000003', name: '申請' },
    ])
    .returning({ id: companies.id })) as [{ id: number }, { id: number }, { id: number }];
});
afterAll(() => h?.close());

const maintainedBy = async (companyId: number) =>
  (await listPasses(h.db, companyId, passListQuerySchema.parse({ tab: 'maintained' }))).rows.map(
    (r) => r.passNumber,
  );

/** T1 writes a pass of `identity` and holds its transaction open while `change` runs and commits. */
async function raceWith(identity: string, passNumber: string, change: () => Promise<unknown>) {
  let written!: () => void;
  let release!: () => void;
  const passWritten = new Promise<void>((r) => (written = r));
  const held = new Promise<void>((r) => (release = r));
  const t1 = h.db.transaction(async (tx) => {
    await tx.insert(passes).values({
      passNumber,
      holderIdentityNumber: identity,
      holderName: '競態',
      companyId: c,
      validFrom: '2026-01-01',
      validUntil: '2027-01-01',
    });
    written();
    await held;
  });
  await passWritten;
  const t2 = change();
  await new Promise((r) => setTimeout(r, 200)); // T2 reaches the record while T1 is open
  release();
  await Promise.all([t1, t2]);
  const [row] = await h.db
    .select({ holderCompanyId: passes.holderCompanyId, holderMobile: passes.holderMobile })
    .from(passes)
    .where(eq(passes.passNumber, passNumber));
  return row!;
}

describe('the holder copy on passes under concurrent record changes', () => {
  it('a transfer committed while the pass is being written: the pass follows the new maintainer', async () => {
    await h.db
      .insert(persons)
      .values({ identityNumber: 'RC00000001', name: '競態', mobile: '0911000001', companyId: a });
    const copy = await raceWith('RC00000001', 'RACE-000001', () =>
      h.db
        .update(persons)
        .set({ companyId: b })
        .where(and(eq(persons.identityNumber, 'RC00000001'), isNull(persons.deletedAt))),
    );
    expect(copy.holderCompanyId).toBe(b);
    expect(await maintainedBy(a)).not.toContain('RACE-000001');
    expect(await maintainedBy(b)).toContain('RACE-000001');
  });

  it('a deletion committed while the pass is being written: no maintainer is left on the pass', async () => {
    await h.db
      .insert(persons)
      .values({ identityNumber: 'RC00000002', name: '競態', mobile: '0911000002', companyId: a });
    const copy = await raceWith('RC00000002', 'RACE-000002', () =>
      h.db
        .update(persons)
        .set({ deletedAt: new Date() })
        .where(and(eq(persons.identityNumber, 'RC00000002'), isNull(persons.deletedAt))),
    );
    expect(copy).toEqual({ holderCompanyId: null, holderMobile: null });
    expect(await maintainedBy(a)).not.toContain('RACE-000002');
  });
});
