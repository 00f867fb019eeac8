import crypto from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { replacedBy } from '@/db/queries/second-factor';
import { findLiveSession, insertSession } from '@/db/queries/sessions';
import { accounts, auditLog, operators, passes, persons, sessions } from '@/db/schema';
import { DEMO_OPERATOR, seedDemoData } from '@/db/seed';
import { verifyCredentials } from '@/lib/auth/credentials';
import { enrolmentSecret, verifySecondFactor } from '@/lib/auth/second-factor';
import { totpCode } from '@/lib/auth/totp';
import { loadAudit } from '@/lib/console/audit';
import { loadOverview } from '@/lib/console/overview';
import { recordRefusal } from '@/lib/console/refusals';
import { addAccount, addCompany, addOperator, disableOperatorByLogin } from '@/lib/ops/accounts';
import { updatePerson } from '@/lib/domain/persons';
import { confirmCode, issueCode } from '../support/parsed';
import { engineDeps, latestCode } from '../support/engine';
import { freshDemoPostgres, freshPglite } from '../support/test-db';

let h: DatabaseHandle;
let companyA: number;
beforeAll(async () => {
  ({ handle: h, companyA } = await freshDemoPostgres());
});
afterAll(() => h?.close());

let serial = 0;
/** A new operator signed in with its password: a pending session, no second factor yet. */
async function pendingOperator(options: { enrolled?: string } = {}) {
  serial += 1;
  const login = `op-${serial}-${Date.now() % 100000}`;
  expect(await addOperator(h.db, { login, password: 'operator-pass-1', actor: 'test' })).toEqual({
    ok: true,
  });
  if (options.enrolled)
    await h.db
      .update(operators)
      .set({ totpSecret: options.enrolled, totpEnrolledAt: new Date() })
      .where(eq(operators.login, login));
  const signIn = await verifyCredentials(h.db, { login, password: 'operator-pass-1' });
  if (!signIn.ok || !('operator' in signIn)) throw new Error('operator sign-in failed');
  return newSession(signIn.operator.operatorId, login);
}

async function newSession(operatorId: number, login = '') {
  const sessionId = crypto.randomUUID();
  await insertSession(h.db, {
    id: sessionId,
    pending: true,
    operatorId,
    expiresAt: new Date(Date.now() + 600_000),
  });
  return { operatorId, sessionId, login };
}

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

describe('operator sign-in: the password opens only the second-factor step', () => {
  it('an operator signs in on the same page as applicants, and belongs to no company', async () => {
    const result = await verifyCredentials(h.db, {
      login: DEMO_OPERATOR.login,
      password: DEMO_OPERATOR.password,
    });
    expect(result).toMatchObject({ ok: true, operator: { login: 'demo-ops' } });
    expect(result).not.toHaveProperty('applicant');
  });

  it('a password-only session is live but has no second factor', async () => {
    const s = await pendingOperator();
    const live = await findLiveSession(h.db, { ...s, now: new Date() });
    expect(live).toEqual({ pending: true, enrolled: false });
  });

  it('enrols TOTP with the first right code, returns ten recovery codes once', async () => {
    const s = await pendingOperator();
    const secret = await enrolmentSecret(h.db, { operatorId: s.operatorId });
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    // The same secret until it is confirmed: a reload of the page shows the same QR code.
    expect(await enrolmentSecret(h.db, { operatorId: s.operatorId })).toBe(secret);
    expect(await verifySecondFactor(h.db, { ...s, code: '000000' })).toEqual({
      ok: false,
      reason: 'invalid',
    });
    const result = await verifySecondFactor(h.db, { ...s, code: totpCode(secret!, new Date()) });
    expect(result.ok).toBe(true);
    expect(result.ok && result.recoveryCodes).toHaveLength(10);
    const consoleSession = result.ok ? result.sessionId : '';
    expect(
      (await findLiveSession(h.db, { ...s, sessionId: consoleSession, now: new Date() }))?.pending,
    ).toBe(false);
    expect(await enrolmentSecret(h.db, { operatorId: s.operatorId })).toBeNull();
  });

  it('the second factor replaces the pending session, so a copy of its cookie opens nothing', async () => {
    // A pending cookie planted in the operator's browser (or copied from it) names this session.
    const s = await pendingOperator({ enrolled: SECRET });
    const result = await verifySecondFactor(h.db, { ...s, code: totpCode(SECRET, new Date()) });
    expect(result).toMatchObject({ ok: true, sessionId: expect.any(String) });
    const next = result.ok ? result.sessionId : '';
    expect(next).not.toBe(s.sessionId);
    expect(await findLiveSession(h.db, { ...s, now: new Date() })).toBeNull();
    const live = await findLiveSession(h.db, { ...s, sessionId: next, now: new Date() });
    expect(live?.pending).toBe(false);
    // The cookie may move only from the pending session to the one that replaced it.
    const now = new Date();
    const other = await newSession(s.operatorId);
    expect(await replacedBy(h.db, { ...s, pendingId: s.sessionId, nextId: next, now })).toBe(true);
    expect(await replacedBy(h.db, { ...s, pendingId: other.sessionId, nextId: next, now })).toBe(
      false,
    );
    expect(await replacedBy(h.db, { ...s, pendingId: next, nextId: next, now })).toBe(false);
    // Still 8 hours from the password, not from the code.
    const [row] = await h.db
      .select({ createdAt: sessions.createdAt, expiresAt: sessions.expiresAt })
      .from(sessions)
      .where(eq(sessions.id, next));
    expect(row!.expiresAt.getTime() - row!.createdAt.getTime()).toBe(8 * 3_600_000);
  });

  it('a used TOTP code is refused a second time, even from another session at once', async () => {
    const first = await pendingOperator({ enrolled: SECRET });
    const second = await newSession(first.operatorId);
    const third = await newSession(first.operatorId);
    const code = totpCode(SECRET, new Date());
    const results = await Promise.all([
      verifySecondFactor(h.db, { ...first, code }),
      verifySecondFactor(h.db, { ...second, code }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, reason: 'replayed' }]);
    expect(await verifySecondFactor(h.db, { ...third, code })).toEqual({
      ok: false,
      reason: 'replayed',
    });
  });

  it('a recovery code replaces a TOTP code once', async () => {
    const s = await pendingOperator();
    const secret = (await enrolmentSecret(h.db, { operatorId: s.operatorId }))!;
    const enrolled = await verifySecondFactor(h.db, { ...s, code: totpCode(secret, new Date()) });
    const recovery = enrolled.ok ? enrolled.recoveryCodes![0]! : '';
    const again = await newSession(s.operatorId);
    expect(await verifySecondFactor(h.db, { ...again, code: recovery })).toMatchObject({
      ok: true,
    });
    const third = await newSession(s.operatorId);
    expect(await verifySecondFactor(h.db, { ...third, code: recovery })).toEqual({
      ok: false,
      reason: 'invalid',
    });
  });

  it('five wrong codes lock the second factor, the right one included', async () => {
    const s = await pendingOperator({ enrolled: SECRET });
    for (let i = 0; i < 5; i++)
      expect(await verifySecondFactor(h.db, { ...s, code: '000000' })).toMatchObject({
        ok: false,
      });
    expect(
      await verifySecondFactor(h.db, {
        ...s,
        code: totpCode(SECRET, new Date(Date.now() + 30_000)),
      }),
    ).toMatchObject({ ok: false, reason: 'locked' });
  });

  it('the quarter hour does not reset the second factor lock: 5 wrong codes before :15, 5 after, all refused until 15 minutes after the fifth', async () => {
    const s = await pendingOperator({ enrolled: SECRET });
    const quarter = 15 * 60_000;
    let t = Math.ceil(Date.now() / quarter) * quarter + quarter - 5_000;
    // A session that outlives the test clock.
    const sessionId = crypto.randomUUID();
    await insertSession(h.db, {
      id: sessionId,
      pending: true,
      operatorId: s.operatorId,
      expiresAt: new Date(t + 3_600_000),
    });
    const results = [];
    let fifth = 0;
    for (let i = 0; i < 10; i++) {
      if (i === 4) fifth = t;
      results.push(
        await verifySecondFactor(h.db, {
          sessionId,
          operatorId: s.operatorId,
          code: '000000',
          now: new Date(t),
        }),
      );
      t += 1_000;
    }
    expect(results.slice(0, 5).every((r) => !r.ok && r.reason === 'invalid')).toBe(true);
    for (const r of results.slice(5))
      expect(r).toEqual({ ok: false, reason: 'locked', retryAfter: new Date(fifth + quarter) });
  });

  it('a disabled operator cannot sign in, and its sessions end', async () => {
    const s = await pendingOperator();
    expect(await disableOperatorByLogin(h.db, { login: s.login, actor: 'test' })).toEqual({
      ok: true,
    });
    expect(await findLiveSession(h.db, { ...s, now: new Date() })).toBeNull();
    expect(await verifyCredentials(h.db, { login: s.login, password: 'operator-pass-1' })).toEqual({
      ok: false,
      reason: 'invalid',
    });
  });

  it('a login names an account or an operator, never both', async () => {
    expect(
      await addAccount(h.db, {
        companyTaxId: '12345675',
        login: 'demo-ops',
        password: 'long-enough-pass',
        actor: 'test',
      }),
    ).toEqual({ ok: false, reason: 'login-taken' });
    expect(
      await addOperator(h.db, { login: 'demo-a', password: 'x'.repeat(12), actor: 't' }),
    ).toEqual({ ok: false, reason: 'login-taken' });
  });
});

describe('audit trail: each change and its audit row in one transaction', () => {
  it('company and account changes are recorded with the actor', async () => {
    expect(
      await addCompany(h.db, {
        taxId: '04595257',
        name: '稽核測試公司',
        actor: 'console:demo-ops',
      }),
    ).toEqual({ ok: true });
    const rows = await h.db.select().from(auditLog).where(eq(auditLog.subject, 'company:04595257'));
    expect(rows).toMatchObject([{ actor: 'console:demo-ops', action: 'company.add' }]);
  });

  it("an applicant's edit of a person record is recorded masked, old → new", async () => {
    const [person] = await h.db
      .select()
      .from(persons)
      .where(eq(persons.identityNumber, 'QQ12345671'));
    const [demoA] = await h.db
      .select({ id: accounts.id })
      .from(accounts)
      .where(eq(accounts.login, 'demo-a'));
    expect(
      await updatePerson(
        h.db,
        { companyId: companyA, accountId: demoA!.id },
        person!.id,
        { name: person!.name, mobile: '0955123456' },
        engineDeps(h.db),
      ),
    ).toEqual({ ok: true });
    const audit = await loadAudit(h.db, { query: 'QQ12345671' });
    expect(audit.changes.at(-1)).toMatchObject({
      actor: 'demo-a (12345675)',
      action: 'person.update',
      identity: 'QQ1****671',
      // Only what changed: the name stayed.
      fields: [{ field: 'mobile', old: '0912-***-040', new: '0955-***-456' }],
    });
  });
});

describe('audit trail: a verified changed number updates the person record (rule 5)', () => {
  it('the record change is audited by the statement that makes it', async () => {
    const [demoA] = await h.db
      .select({ id: accounts.id })
      .from(accounts)
      .where(eq(accounts.login, 'demo-a'));
    const deps = engineDeps(h.db);
    const applicant = { channel: 'applicant' as const, accountId: demoA!.id, companyId: companyA };
    expect(
      await issueCode(deps, {
        ...applicant,
        passNumber: 'KHPS113-000042',
        changedMobile: '0966555444',
      }),
    ).toMatchObject({ ok: true });
    expect(
      await confirmCode(deps, {
        ...applicant,
        passNumber: 'KHPS113-000042',
        code: await latestCode(h.db, '0966555444'),
      }),
    ).toMatchObject({ ok: true, personUpdated: true });
    const audit = await loadAudit(h.db, { query: 'KHPS113-000042' });
    expect(audit.changes.at(-1)).toMatchObject({
      actor: 'demo-a (12345675)',
      action: 'person.update',
      fields: [{ field: 'mobile', old: '0912-***-042', new: '0966-***-444' }],
    });
  });
});

describe('console audit: every attempt of a pass, a holder or a mobile', () => {
  it('finds the attempts by pass number, identity number and mobile, masked', async () => {
    const deps = engineDeps(h.db);
    const triple = {
      channel: 'public' as const,
      passNumber: 'KHPS113-000043',
      identityNumber: 'QQ12345673',
      mobile: '0912000043',
      ip: '203.0.113.7',
    };
    expect(await issueCode(deps, triple)).toMatchObject({ ok: true });
    for (const query of ['KHPS113-000043', 'QQ12345673', '0912-000-043']) {
      const audit = await loadAudit(h.db, { query });
      expect(audit.attempts[0]).toMatchObject({
        passNumber: 'KHPS113-000043',
        mobile: '0912-***-043',
        identity: 'QQ1****673',
        client: '203.0.113.x',
        state: 'sent',
        channel: 'public',
      });
    }
  });
});

describe('console overview: figures of the period', () => {
  it('rolls closed days up once: the same figures, never counted twice', async () => {
    // Ten attempts five days ago (before any overview has rolled that day up), of which four verified within 24 h and one failed.
    const [pass] = await h.db
      .select({ id: passes.id })
      .from(passes)
      .where(eq(passes.passNumber, 'KHPS113-000041'));
    await h.db.execute(sql`
      insert into verification_attempts (id, pass_id, identity_number, mobile, channel, code_hash, state, sent_at, expires_at, resolved_at, provider_error)
      select gen_random_uuid(), ${pass!.id}, 'A123000410', '0912000041', 'public', 'x',
             (case when g <= 4 then 'verified' when g = 5 then 'send-failed' else 'expired' end)::attempt_state,
             now() - interval '5 days', now() - interval '4 days',
             case when g <= 4 then now() - interval '5 days' + interval '1 hour' end,
             case when g = 5 then 'throttled: rate exceeded' end
      from generate_series(1, 10) g`);
    const first = await loadOverview(h.db, { days: 30, codeTtlHours: 24, dailyBudget: 500 });
    const second = await loadOverview(h.db, { days: 30, codeTtlHours: 24, dailyBudget: 500 });
    expect(second).toEqual(first);
    const day = first.sentPerDay.find((d) => d.public === 9);
    expect(day).toBeDefined();
    expect(first.failures).toContainEqual({ kind: 'throttled', count: 1 });
  });
  it('counts refusals by limit, recorded off the engine path', async () => {
    const before = await loadOverview(h.db, { days: 7, codeTtlHours: 24, dailyBudget: 500 });
    await Promise.all([
      recordRefusal(h.db, 'pass-day'),
      recordRefusal(h.db, 'pass-day'),
      recordRefusal(h.db, 'triple-24h'),
    ]);
    const after = await loadOverview(h.db, { days: 7, codeTtlHours: 24, dailyBudget: 500 });
    const count = (o: typeof before, limit: string) =>
      o.refusals.find((r) => r.limit === limit)!.count;
    expect(count(after, 'pass-day')).toBe(count(before, 'pass-day') + 2);
    expect(count(after, 'triple-24h')).toBe(count(before, 'triple-24h') + 1);
    expect(count(after, 'client-hour')).toBe(count(before, 'client-hour'));
  });

  it('counts sends by day and channel, the 24-hour funnel, refusals and current passes', async () => {
    const deps = engineDeps(h.db);
    const before = await loadOverview(h.db, { days: 30, codeTtlHours: 24, dailyBudget: 500 });
    const triple = {
      channel: 'public' as const,
      passNumber: 'KHPS113-000045',
      identityNumber: 'A800000452',
      mobile: '0912000045',
    };
    expect(await issueCode(deps, triple)).toMatchObject({ ok: true });
    expect(
      await confirmCode(deps, { ...triple, code: await latestCode(h.db, '0912000045') }),
    ).toMatchObject({ ok: true });
    const after = await loadOverview(h.db, { days: 30, codeTtlHours: 24, dailyBudget: 500 });
    const today = after.sentPerDay.at(-1)!;
    expect(today.day).toBe(after.today);
    expect(today.public).toBe(before.sentPerDay.at(-1)!.public + 1);
    expect(after.funnel.verified).toBe(before.funnel.verified + 1);
    expect(after.funnel.verifiedWithin24h).toBe(before.funnel.verifiedWithin24h + 1);
    expect(after.passStatus.verified).toBe(before.passStatus.verified + 1);
    const a = after.companies.find((c) => c.taxId === '12345675')!;
    expect(a.passes).toBeGreaterThan(0);
  });
});

describe('the console on the embedded database (npm start)', () => {
  it('signs in with TOTP, shows the overview and the audit on PGlite', async () => {
    const lite = await freshPglite();
    try {
      await seedDemoData(lite.db);
      const signIn = await verifyCredentials(lite.db, {
        login: DEMO_OPERATOR.login,
        password: DEMO_OPERATOR.password,
      });
      if (!signIn.ok || !('operator' in signIn)) throw new Error('no operator');
      const sessionId = crypto.randomUUID();
      await insertSession(lite.db, {
        id: sessionId,
        pending: true,
        operatorId: signIn.operator.operatorId,
        expiresAt: new Date(Date.now() + 600_000),
      });
      expect(
        await verifySecondFactor(lite.db, {
          sessionId,
          operatorId: signIn.operator.operatorId,
          code: totpCode(DEMO_OPERATOR.totpSecret, new Date()),
        }),
      ).toEqual({ ok: true, sessionId: expect.any(String), recoveryCodes: undefined });
      expect(await addCompany(lite.db, { taxId: '04595257', name: '嵌入式', actor: 't' })).toEqual({
        ok: true,
      });
      expect(
        await addAccount(lite.db, {
          companyTaxId: '04595257',
          login: 'lite-acct',
          password: 'long-enough-pass',
          actor: 't',
        }),
      ).toEqual({ ok: true });
      const overview = await loadOverview(lite.db, {
        days: 30,
        codeTtlHours: 24,
        dailyBudget: 500,
      });
      expect(overview.passStatus.verified).toBe(1);
      expect(overview.companies.map((c) => c.taxId)).toContain('12345675');
      expect((await loadAudit(lite.db, { query: 'KHPS113-000043' })).attempts).toEqual([]);
    } finally {
      await lite.close();
    }
  });
});
