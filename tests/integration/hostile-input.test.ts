import fc from 'fast-check';
import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { persons, sendWindows, smsOutbox, verificationAttempts } from '@/db/schema';
import { seedDemoData } from '@/db/seed';
import { confirmCode, createPerson, issueCode } from '../support/parsed';
import { companyIdByTaxId, engineDeps } from '../support/engine';
import { freshPostgres } from '../support/test-db';

let h: DatabaseHandle;
beforeAll(async () => {
  h = await freshPostgres();
  await seedDemoData(h.db);
});
afterAll(() => h?.close());

const hostile = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom(
    "' or 1=1 --",
    "KHPS113-000043'; drop table passes; --",
    '<script>alert(1)</script>',
    '０９１２００００４３',
    '\u0000',
    'x'.repeat(10_000),
    '',
    '   ',
    'QQ12345673\u202e',
  ),
  fc.constant(undefined as unknown as string),
  fc.integer() as unknown as fc.Arbitrary<string>,
);

async function rowCounts() {
  const n = async (
    t: typeof verificationAttempts | typeof smsOutbox | typeof sendWindows | typeof persons,
  ) => (await h.db.select({ n: count() }).from(t))[0]!.n;
  return [
    await n(verificationAttempts),
    await n(smsOutbox),
    await n(sendWindows),
    await n(persons),
  ];
}

describe('hostile input: a typed refusal, never a throw, never a row', () => {
  it('issue and confirm on the public channel', async () => {
    const before = await rowCounts();
    await fc.assert(
      fc.asyncProperty(
        hostile,
        hostile,
        hostile,
        hostile,
        async (passNumber, identityNumber, mobile, code) => {
          const issued = await issueCode(engineDeps(h.db), {
            channel: 'public',
            passNumber,
            identityNumber,
            mobile,
          });
          expect(issued.ok).toBe(false);
          const confirmed = await confirmCode(engineDeps(h.db), {
            channel: 'public',
            passNumber,
            identityNumber,
            mobile,
            code,
          });
          expect(confirmed.ok).toBe(false);
        },
      ),
      { numRuns: 150 },
    );
    expect(await rowCounts()).toEqual(before);
  });

  it('the applicant channel and 人員資料', async () => {
    const companyId = await companyIdByTaxId(h.db, '12345675');
    const before = await rowCounts();
    await fc.assert(
      fc.asyncProperty(hostile, hostile, hostile, async (a, b, c) => {
        const issued = await issueCode(engineDeps(h.db), {
          channel: 'applicant',
          accountId: 1,
          companyId,
          passNumber: a,
          changedMobile: b,
        });
        // Only a real pass number with a valid changed number could send; random strings never are.
        expect(issued.ok).toBe(false);
        const created = await createPerson(
          h.db,
          { companyId: companyId, accountId: 0 },
          {
            identityNumber: a,
            name: b,
            mobile: c,
          },
        );
        expect(created.ok).toBe(false);
      }),
      { numRuns: 150 },
    );
    expect(await rowCounts()).toEqual(before);
  });
});
