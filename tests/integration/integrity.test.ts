/**
 * Issue "Integrity": each attack of the security review, as a test named after it. Every one of
 * them succeeded against the build before the fix.
 */
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endSession, insertSession, isSessionLive } from '@/db/queries/accounts';
import { listAuditForSubject } from '@/db/queries/audit';
import { disableAccount, setAccountPassword } from '@/db/queries/ops';
import type { DatabaseHandle } from '@/db/client';
import {
  accounts,
  passes,
  persons,
  rateCounters,
  sendWindows,
  verificationAttempts,
} from '@/db/schema';
import { verifyCredentials } from '@/lib/auth/credentials';
import { hashPassword } from '@/lib/auth/password';
import { assertProductionSettings, ConfigError, env } from '@/lib/env';
import { importPasses } from '@/lib/ops/import-passes';
import { PASS_CSV_HEADER } from '@/lib/ops/import-passes';
import { createPerson, transferPerson } from '@/lib/persons';
import { getPassDetail } from '@/lib/passes';
import type { SmsTransport } from '@/lib/sms/transport';
import { cancelPendingCode, confirmCode, issueCode } from '@/lib/verification';
import { addHolder, engineDeps, latestCode } from '../support/engine';
import { freshDemoPostgres } from '../support/test-db';

let h: DatabaseHandle;
let a: number;
let b: number;
beforeAll(async () => {
  ({ handle: h, companyA: a, companyB: b } = await freshDemoPostgres());
});
afterAll(() => h?.close());

const accountId = async (login: string) =>
  (await h.db.select().from(accounts).where(eq(accounts.login, login)))[0]!.id;
const personOf = async (identityNumber: string) =>
  (
    await h.db
      .select()
      .from(persons)
      .where(and(eq(persons.identityNumber, identityNumber), sql`deleted_at is null`))
  )[0];

describe('finding 1: one company cannot take over another company’s pass holders', () => {
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

describe('finding 2: the public [送出驗證碼] is no oracle and no lock-out lever', () => {
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

describe('finding 3: a burst of sign-in guesses checks no more passwords than the limit', () => {
  it('100 concurrent wrong passwords: exactly 5 checked, 95 locked out; then the right one is refused too', async () => {
    const login = `burst-${Date.now()}`;
    await h.db.insert(accounts).values({
      companyId: a,
      login,
      passwordHash: hashPassword('the-right-password'),
      displayName: 'burst',
    });
    const tries = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        verifyCredentials(h.db, { login, password: `wrong-${i}` }, { ip: `192.0.2.${i % 50}` }),
      ),
    );
    expect(tries.filter((r) => !r.ok && r.reason === 'invalid')).toHaveLength(
      env.LIMIT_SIGNIN_FAILURES_PER_ACCOUNT,
    );
    expect(tries.filter((r) => !r.ok && r.reason === 'locked')).toHaveLength(
      100 - env.LIMIT_SIGNIN_FAILURES_PER_ACCOUNT,
    );
    expect(await verifyCredentials(h.db, { login, password: 'the-right-password' })).toMatchObject({
      ok: false,
      reason: 'locked',
    });
  });

  it('right passwords do not use up the budget: six good sign-ins in a row all succeed', async () => {
    const login = `good-${Date.now()}`;
    await h.db.insert(accounts).values({
      companyId: a,
      login,
      passwordHash: hashPassword('the-right-password'),
      displayName: 'good',
    });
    for (let i = 0; i < 6; i++) {
      expect(
        await verifyCredentials(
          h.db,
          { login, password: 'the-right-password' },
          { ip: '192.0.2.200' },
        ),
      ).toMatchObject({ ok: true });
    }
  });

  it('one client guessing across many accounts is stopped by the per-client limit', async () => {
    const ip = '198.51.100.77';
    const tries = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        verifyCredentials(h.db, { login: `nobody-${i}`, password: 'x' }, { ip }),
      ),
    );
    expect(tries.filter((r) => !r.ok && r.reason === 'invalid')).toHaveLength(
      env.LIMIT_SIGNIN_FAILURES_PER_IP,
    );
  });
});

describe('finding 5: a forgotten SMS_TRANSPORT does not publish codes', () => {
  const base = {
    ...env,
    NODE_ENV: 'production' as const,
    DATABASE_URL: 'postgres://u:p@db/app',
    SMS_TRANSPORT: undefined,
  };
  it('a production start on PostgreSQL without SMS_TRANSPORT refuses with one line', () => {
    expect(() => assertProductionSettings(base)).toThrow(ConfigError);
    expect(() => assertProductionSettings(base)).toThrow(/^SMS_TRANSPORT is not set[^\n]*$/);
  });
  it('SMS_TRANSPORT=log set explicitly, and the embedded demo, still start', () => {
    expect(() => assertProductionSettings({ ...base, SMS_TRANSPORT: 'log' })).not.toThrow();
    expect(() => assertProductionSettings({ ...base, DATABASE_URL: undefined })).not.toThrow();
  });
});

describe('finding 6: sessions end', () => {
  const newSession = async (login: string, hours = 8) => {
    const id = crypto.randomUUID();
    const account = await accountId(login);
    await insertSession(h.db, {
      id,
      accountId: account,
      expiresAt: new Date(Date.now() + hours * 3_600_000),
    });
    return { sessionId: id, accountId: account, now: new Date() };
  };
  it('a session is dead after its absolute lifetime, however active', async () => {
    const s = await newSession('demo-a');
    expect(await isSessionLive(h.db, s)).toBe(true);
    expect(
      await isSessionLive(h.db, { ...s, now: new Date(Date.now() + 8 * 3_600_000 + 1000) }),
    ).toBe(false);
  });
  it('sign-out ends the session server-side', async () => {
    const s = await newSession('demo-a');
    await endSession(h.db, s);
    expect(await isSessionLive(h.db, s)).toBe(false);
  });
  it('a password reset and disabling the account end every session of the account', async () => {
    const login = `sess-${Date.now()}`;
    await h.db.insert(accounts).values({
      companyId: a,
      login,
      passwordHash: hashPassword('the-right-password'),
      displayName: 's',
    });
    const first = await newSession(login);
    await setAccountPassword(h.db, { login, passwordHash: hashPassword('another-password') });
    expect(await isSessionLive(h.db, first)).toBe(false);
    const second = await newSession(login);
    expect(await isSessionLive(h.db, second)).toBe(true);
    await disableAccount(h.db, { login });
    expect(await isSessionLive(h.db, second)).toBe(false);
  });
  it('a forged session id, or another account’s, is not live', async () => {
    const s = await newSession('demo-a');
    expect(await isSessionLive(h.db, { ...s, sessionId: crypto.randomUUID() })).toBe(false);
    expect(await isSessionLive(h.db, { ...s, accountId: await accountId('demo-b') })).toBe(false);
  });
});

describe('finding 9: a late SNS failure cannot undo a verification', () => {
  it('a provider error reported after the code was confirmed leaves it verified and the window taken', async () => {
    const holder = await addHolder(h.db);
    let release: (v: Awaited<ReturnType<SmsTransport['send']>>) => void = () => {};
    const slow: SmsTransport = { name: 'log', send: () => new Promise((r) => (release = r)) };
    const deps = engineDeps(h.db, { sms: slow });
    const issuing = issueCode(deps, { channel: 'public', ...holder });
    await new Promise((r) => setTimeout(r, 300));
    // The attempt is 'sending'; guess the code is impossible, so mark it verified as a confirm would.
    const [attempt] = await h.db
      .select()
      .from(verificationAttempts)
      .where(eq(verificationAttempts.mobile, holder.mobile));
    await h.db
      .update(verificationAttempts)
      .set({ state: 'verified' })
      .where(eq(verificationAttempts.id, attempt!.id));
    release({ ok: false, kind: 'unavailable', detail: 'late' });
    await issuing;
    const [after] = await h.db
      .select()
      .from(verificationAttempts)
      .where(eq(verificationAttempts.id, attempt!.id));
    expect(after?.state).toBe('verified');
    const [window] = await h.db
      .select()
      .from(sendWindows)
      .where(eq(sendWindows.attemptId, attempt!.id));
    expect(window!.openUntil.getTime()).toBeGreaterThan(Date.now());
  });
});

describe('finding 10: a pass re-imported to another holder or company starts over', () => {
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

describe('review F1: a pass import is accountable batch by batch, and a day the database cannot hold is a rejected line', () => {
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

describe('review after the fix: a superseded code does not strand the holder', () => {
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

describe('review after the fix: the embedded database has one process', () => {
  it('the operator CLI refuses to write into an embedded database the server holds, and says why', async () => {
    const { openDatabase } = await import('@/db/client');
    const { spawnSync } = await import('node:child_process');
    const dir = `${(await import('node:os')).tmpdir()}/ppv-lock-${process.pid}-${Date.now()}`;
    const held = await openDatabase({ kind: 'pglite', dir });
    const ops = () =>
      spawnSync('npx', ['tsx', '--conditions=react-server', 'scripts/ops.ts', 'company', 'list'], {
        env: {
          ...process.env,
          DATABASE_URL: '',
          PGLITE_DIR: dir,
          LOG_LEVEL: 'silent',
          NODE_ENV: 'production',
        },
        encoding: 'utf8',
      });
    const refused = ops();
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(`in use by process ${process.pid}`);
    await held.close();
    expect(ops().status).toBe(0);
  }, 60_000);
});

describe('finding 11: only an applicant confirms a changed-number code; counters are purged', () => {
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
