/**
 * Rule 7: 是否驗證 is computed twice — by `computeStatus` for display and by `statusSql` for the
 * list's filter. For random persons (live, deleted, with or without a mobile) and passes (verified
 * to the record's mobile, to another, or never), both must give every row the same status.
 */
import fc from 'fast-check';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { livePersonOfPass } from '@/db/queries/scope';
import { statusSql } from '@/db/queries/passes';
import { companies, passes, persons } from '@/db/schema';
import { computeStatus } from '@/lib/verification';
import { freshPostgres } from '../support/test-db';

let h: DatabaseHandle;
let companyId: number;
beforeAll(async () => {
  h = await freshPostgres();
  [{ id: companyId }] = (await h.db
    .insert(companies)
    .values({ taxId: '13572468', name: '狀態測試' })
    .returning({ id: companies.id })) as [{ id: number }];
});
afterAll(() => h?.close());

const MOBILES = ['0911000001', '0911000002', '0911000003'];
const holder = fc.record({
  person: fc.option(
    fc.record({ mobile: fc.option(fc.constantFrom(...MOBILES)), deleted: fc.boolean() }),
  ),
  verifiedMobile: fc.option(fc.constantFrom(...MOBILES)),
});

let run = 0;

describe('rule 7: the SQL status equals computeStatus', () => {
  it('for every row of random persons, passes and verifications', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(holder, { minLength: 1, maxLength: 8 }), async (holders) => {
        run += 1;
        const numbers: string[] = [];
        for (const [i, x] of holders.entries()) {
          const tag = `${String(run).padStart(4, '0')}${String(i).padStart(4, '0')}`;
          const identityNumber = `SS${tag}`;
          if (x.person) {
            await h.db.insert(persons).values({
              identityNumber,
              name: '人員',
              mobile: x.person.mobile,
              companyId,
              deletedAt: x.person.deleted ? new Date() : null,
            });
          }
          const passNumber = `STATUS-${tag}`;
          numbers.push(passNumber);
          await h.db.insert(passes).values({
            passNumber,
            holderIdentityNumber: identityNumber,
            holderName: '人員',
            companyId,
            validFrom: '2020-01-01',
            validUntil: '2099-12-31',
            verifiedMobile: x.verifiedMobile,
            verifiedAt: x.verifiedMobile ? new Date() : null,
          });
        }
        for (const passNumber of numbers) {
          const [row] = await h.db
            .select({
              sqlStatus: statusSql,
              verifiedMobile: passes.verifiedMobile,
              personMobile: persons.mobile,
            })
            .from(passes)
            .leftJoin(persons, livePersonOfPass)
            .where(eq(passes.passNumber, passNumber));
          expect(row!.sqlStatus).toBe(
            computeStatus({ verifiedMobile: row!.verifiedMobile, personMobile: row!.personMobile }),
          );
        }
      }),
      { numRuns: 60 },
    );
  });
});
