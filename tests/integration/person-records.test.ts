/**
 * The security review's attacks on who may create or move a holder's person record, each as a test named after
 * it. Every one of them succeeded against the build before the fix.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAuditForSubject } from '@/db/queries/audit';
import type { DatabaseHandle } from '@/db/client';
import { passes } from '@/db/schema';
import { createPerson, transferPerson } from '@/lib/domain/persons';
import { getPassDetail } from '@/lib/domain/passes';
import { confirmCode, issueCode } from '../support/parsed';
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

describe('one company cannot take over another company’s pass holders', () => {
  it('company B cannot create the person record of C223000441, holder of A’s KHPS113-000044', async () => {
    const attack = await createPerson(
      h.db,
      { companyId: b, accountId: 0 },
      {
        identityNumber: 'C223000441',
        name: '張雅婷',
        mobile: '0966000441',
      },
    );
    expect(attack).toEqual({ ok: false, reason: 'not-own-holder' });
    expect(await personOf('C223000441')).toBeUndefined();
    // A, whose pass the holder holds, still can.
    expect(
      await createPerson(
        h.db,
        { companyId: a, accountId: 0 },
        {
          identityNumber: 'C223000441',
          name: '張雅婷',
          mobile: '0912000441',
        },
      ),
    ).toEqual({ ok: true });
    expect((await personOf('C223000441'))?.companyId).toBe(a);
  });

  it('a holder of an expired pass of the company counts (KHPS111-000050: why A maintains H123000506)', async () => {
    const [pass] = await h.db.select().from(passes).where(eq(passes.passNumber, 'KHPS111-000050'));
    expect(pass).toMatchObject({ holderIdentityNumber: 'H123000506', companyId: a });
    expect(pass!.validUntil < new Date().toISOString().slice(0, 10)).toBe(true);
  });

  it('company B cannot send a code to its own number for a holder A maintains (修改手機號碼 on its own pass)', async () => {
    // KHPS113-000050 is B's pass; A maintains H123000506's record.
    const deps = engineDeps(h.db);
    const attack = await issueCode(deps, {
      channel: 'applicant',
      accountId: await accountId('demo-b'),
      companyId: b,
      passNumber: 'KHPS113-000050',
      changedMobile: '0977000050',
    });
    expect(attack).toEqual({ ok: false, reason: 'not-maintainer' });
    // B may still send to 預設手機號碼.
    expect(
      (
        await issueCode(deps, {
          channel: 'applicant',
          accountId: await accountId('demo-b'),
          companyId: b,
          passNumber: 'KHPS113-000050',
        })
      ).ok,
    ).toBe(true);
    expect((await personOf('H123000506'))?.mobile).toBe('0912000050');
    // The pass page tells B that another company maintains the record.
    expect(await getPassDetail(h.db, b, 'KHPS113-000050')).toMatchObject({
      maintainedElsewhere: true,
    });
    expect(await getPassDetail(h.db, a, 'KHPS113-000050')).toMatchObject({
      maintainedElsewhere: false,
    });
  });

  it('a changed-number code whose record moved to another company cannot overwrite that company’s record', async () => {
    const holder = await addHolder(h.db, { companyTaxId: '87654322', personTaxId: '87654322' });
    const deps = engineDeps(h.db);
    const bAccount = await accountId('demo-b');
    expect(
      (
        await issueCode(deps, {
          channel: 'applicant',
          accountId: bAccount,
          companyId: b,
          passNumber: holder.passNumber,
          changedMobile: '0988123456',
        })
      ).ok,
    ).toBe(true);
    const code = await latestCode(h.db, '0988123456');
    // The operator moves the record to A before B confirms.
    expect(
      (
        await transferPerson(h.db, {
          identityNumber: holder.identityNumber,
          toCompanyId: a,
          actor: 'operator:test',
          reason: 'test',
        })
      ).ok,
    ).toBe(true);
    expect(
      await confirmCode(deps, {
        channel: 'applicant',
        companyId: b,
        passNumber: holder.passNumber,
        code,
      }),
    ).toEqual({ ok: false, reason: 'not-maintainer' });
    expect((await personOf(holder.identityNumber))?.mobile).toBe(holder.mobile);
  });

  it('maintenance moves only by an operator transfer, recorded in the audit log', async () => {
    const holder = await addHolder(h.db);
    const result = await transferPerson(h.db, {
      identityNumber: holder.identityNumber,
      toCompanyId: b,
      actor: 'operator:alice',
      reason: '轉任',
    });
    expect(result).toMatchObject({ ok: true, fromCompanyId: a });
    const person = await personOf(holder.identityNumber);
    expect(person?.companyId).toBe(b);
    const [audit] = await listAuditForSubject(h.db, { subject: `person:${person!.id}` });
    expect(audit).toMatchObject({
      actor: 'operator:alice',
      action: 'person.transfer',
      details: { fromCompanyId: a, toCompanyId: b, reason: '轉任' },
    });
    expect(JSON.stringify(audit)).not.toContain(holder.identityNumber);
  });
});
