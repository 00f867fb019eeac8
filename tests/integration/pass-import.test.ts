/**
 * The security review's attacks on pass imports, each as a test named after
 * it. Every one of them succeeded against the build before the fix.
 */
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { passes, verificationAttempts } from '@/db/schema';
import { importPasses } from '@/lib/ops/import-passes';
import { PASS_CSV_HEADER } from '@/lib/ops/import-passes';
import { confirmCode, issueCode } from '../support/parsed';
import { addHolder, engineDeps, latestCode } from '../support/engine';
import { freshDemoPostgres } from '../support/test-db';

let h: DatabaseHandle;
let a: number;
beforeAll(async () => {
  ({ handle: h, companyA: a } = await freshDemoPostgres());
});
afterAll(() => h?.close());

describe('a pass re-imported to another holder or company starts over', () => {
  it('the old holder’s pending code cannot verify the new holder’s pass; the verified mobile is cleared', async () => {
    const oldHolder = await addHolder(h.db);
    const deps = engineDeps(h.db);
    expect((await issueCode(deps, { channel: 'public', ...oldHolder })).ok).toBe(true);
    const code = await latestCode(h.db, oldHolder.mobile);
    await h.db
      .update(passes)
      .set({ verifiedMobile: oldHolder.mobile, verifiedAt: new Date() })
      .where(eq(passes.passNumber, oldHolder.passNumber));
    const csv = [
      PASS_CSV_HEADER.join(','),
      `${oldHolder.passNumber},A123456789,新持證人,12345675,2020-01-01,2099-12-31`,
    ].join('\n');
    expect(await importPasses(h.db, csv, { actor: 'operator:test' })).toMatchObject({
      updated: 1,
      rejected: [],
    });
    const [pass] = await h.db
      .select()
      .from(passes)
      .where(eq(passes.passNumber, oldHolder.passNumber));
    expect(pass).toMatchObject({
      holderIdentityNumber: 'A123456789',
      verifiedMobile: null,
      verifiedAt: null,
    });
    expect(
      await confirmCode(deps, {
        channel: 'applicant',
        companyId: a,
        passNumber: oldHolder.passNumber,
        code,
      }),
    ).toMatchObject({ ok: false });
    const states = await h.db
      .select({ state: verificationAttempts.state })
      .from(verificationAttempts)
      .where(eq(verificationAttempts.passId, pass!.id));
    expect(states.map((s) => s.state)).toEqual(['superseded']);
  });

  it('rejection lines mask identity numbers', async () => {
    const csv = [
      PASS_CSV_HEADER.join(','),
      'KHPS199-000001,A123000411,某人,12345675,2020-01-01,2099-12-31',
    ].join('\n');
    const summary = await importPasses(h.db, csv, { dryRun: true, actor: 'operator:test' });
    expect(summary.rejected[0]).toEqual({ line: 2, key: 'validation.identityChecksum' });
    expect(JSON.stringify(summary)).not.toContain('A123000411');
  });
});

describe('a pass import is accountable batch by batch, and a day the database cannot hold is a rejected line', () => {
  it('year 0000 is refused as a line; each committed batch wrote its audit row in its transaction', async () => {
    const actor = `operator:import-${Date.now()}`;
    const csv = [
      PASS_CSV_HEADER.join(','),
      'KHPS198-000001,A123456789,甲,12345675,2026-01-01,2026-12-31',
      'KHPS198-000002,A123456789,乙,12345675,0000-01-01,2026-12-31',
      'KHPS198-000003,A123456789,丙,12345675,2026-01-01,2026-12-31',
    ].join('\n');
    const summary = await importPasses(h.db, csv, { actor, batchSize: 1 });
    expect(summary).toMatchObject({ inserted: 2 });
    expect(summary.rejected.map((r) => r.line)).toEqual([3]);
    const rows = await h.db.execute(
      sql`select details from audit_log where actor = ${actor} and action = 'passes.import' order by id`,
    );
    const details = ((rows as { rows?: unknown[] }).rows ??
      (rows as unknown as unknown[])) as Array<{
      details: { inserted: number };
    }>;
    expect(details.map((d) => d.details.inserted)).toEqual([1, 1]);
  });
});
