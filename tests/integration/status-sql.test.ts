/**
 * Rule 7: 是否驗證 is computed twice — by `computeStatus` for display and by `statusSql` for the
 * lists, from the pass's row: its 已驗證手機號碼 and the copy of its holder's record (mobile and
 * maintaining company) that triggers keep on the pass (`0004_lists_at_scale.sql`). After random persons (live, deleted, with or without a
 * mobile), passes and random changes to both — a record's mobile changed, deleted, created again,
 * transferred, a pass verified or given another holder — every pass's SQL status must equal
 * `computeStatus` of its 已驗證手機號碼 and its holder's live record (read by a join), and its
 * stored company that record's company.
 */
import fc from 'fast-check';
import { and, eq, isNull, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { statusSql } from '@/db/queries/passes';
import { livePersonOfPass } from '@/db/queries/scope';
import { companies, passes, persons } from '@/db/schema';
import { computeStatus } from '@/lib/verification';
import { freshPostgres } from '../support/test-db';

let h: DatabaseHandle;
let companyId: number;
let otherCompanyId: number;
beforeAll(async () => {
  h = await freshPostgres();
  [{ id: companyId }, { id: otherCompanyId }] = (await h.db
    .insert(companies)
    .values([
      { taxId: '13572468', name: '狀態測試' },
      { taxId: '13572469', name: '轉移測試' },
    ])
    .returning({ id: companies.id })) as [{ id: number }, { id: number }];
});
afterAll(() => h?.close());

const MOBILES = ['0911000001', '0911000002', '0911000003'];
const mobile = fc.option(fc.constantFrom(...MOBILES));
const holder = fc.record({
  person: fc.option(fc.record({ mobile, deleted: fc.boolean() })),
  verifiedMobile: mobile,
});
const change = fc.oneof(
  fc.record({ kind: fc.constant('person-mobile' as const), who: fc.nat(7), mobile }),
  fc.record({ kind: fc.constant('person-delete' as const), who: fc.nat(7) }),
  fc.record({ kind: fc.constant('person-transfer' as const), who: fc.nat(7) }),
  fc.record({ kind: fc.constant('person-create' as const), who: fc.nat(7), mobile }),
  fc.record({ kind: fc.constant('verify' as const), who: fc.nat(7), mobile }),
  fc.record({ kind: fc.constant('reassign' as const), who: fc.nat(7), to: fc.nat(7) }),
);

let run = 0;

describe('rule 7: the SQL status equals computeStatus', () => {
  it('for every pass after random persons, passes and changes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(holder, { minLength: 1, maxLength: 8 }),
        fc.array(change, { maxLength: 8 }),
        async (holders, changes) => {
          run += 1;
          const tag = (i: number) => `${String(run).padStart(4, '0')}${String(i).padStart(4, '0')}`;
          const identity = (i: number) => `SS${tag(i % holders.length)}`;
          const passNumber = (i: number) => `STATUS-${tag(i % holders.length)}`;
          for (const [i, x] of holders.entries()) {
            if (x.person) {
              await h.db.insert(persons).values({
                identityNumber: identity(i),
                name: '人員',
                mobile: x.person.mobile,
                companyId,
                deletedAt: x.person.deleted ? new Date() : null,
              });
            }
            await h.db.insert(passes).values({
              passNumber: passNumber(i),
              holderIdentityNumber: identity(i),
              holderName: '人員',
              companyId,
              validFrom: '2020-01-01',
              validUntil: '2099-12-31',
              verifiedMobile: x.verifiedMobile,
              verifiedAt: x.verifiedMobile ? new Date() : null,
            });
          }
          const live = (who: number) =>
            and(eq(persons.identityNumber, identity(who)), isNull(persons.deletedAt));
          for (const c of changes) {
            if (c.kind === 'person-mobile')
              await h.db.update(persons).set({ mobile: c.mobile }).where(live(c.who));
            else if (c.kind === 'person-delete')
              await h.db.update(persons).set({ deletedAt: new Date() }).where(live(c.who));
            else if (c.kind === 'person-transfer')
              await h.db.update(persons).set({ companyId: otherCompanyId }).where(live(c.who));
            else if (c.kind === 'person-create')
              await h.db
                .insert(persons)
                .values({
                  identityNumber: identity(c.who),
                  name: '人員',
                  mobile: c.mobile,
                  companyId,
                })
                .onConflictDoNothing();
            else if (c.kind === 'verify')
              await h.db
                .update(passes)
                .set({ verifiedMobile: c.mobile, verifiedAt: c.mobile ? new Date() : null })
                .where(eq(passes.passNumber, passNumber(c.who)));
            else
              await h.db
                .update(passes)
                .set({ holderIdentityNumber: identity(c.to) })
                .where(eq(passes.passNumber, passNumber(c.who)));
          }
          const rows = await h.db
            .select({
              status: statusSql,
              holderCompanyId: passes.holderCompanyId,
              personCompanyId: persons.companyId,
              verifiedMobile: passes.verifiedMobile,
              personMobile: persons.mobile,
            })
            .from(passes)
            .leftJoin(persons, livePersonOfPass)
            .where(like(passes.passNumber, `STATUS-${String(run).padStart(4, '0')}%`));
          expect(rows).toHaveLength(holders.length);
          for (const row of rows) {
            expect(row.status).toBe(
              computeStatus({ verifiedMobile: row.verifiedMobile, personMobile: row.personMobile }),
            );
            expect(row.holderCompanyId).toBe(row.personCompanyId);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
