import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { findLiveSession } from '@/db/queries/sessions';
import { claimTotpStep, ensureEnrolmentSecret, replacedBy } from '@/db/queries/second-factor';
import { seedDemoData } from '@/db/seed';
import { accountRecoveryCodes, accounts, auditLog, operators, sessions } from '@/db/schema';
import { verifyCredentials } from '@/lib/auth/credentials';
import { enrolSecondFactor, enrolmentSecret, verifySecondFactor } from '@/lib/auth/second-factor';
import {
  applicantSignInOf,
  dashboardApplicant,
  openSession,
  readSession,
} from '@/lib/auth/session';
import { totpCode, totpStep } from '@/lib/auth/totp';
import {
  addAccount,
  addCompany,
  addOperator,
  resetAccountSecondFactor,
  setCompanySecondFactor,
} from '@/lib/ops/accounts';
import { normaliseTaxId } from '@/lib/values/tax-id';
import { freshDemoPostgres, freshPglite } from '../support/test-db';

// An applicant's second factor against a real PostgreSQL: the pending session's refusal, run
// through the very functions Auth.js runs (lib/auth/session.ts), and the time step claimed once
// per account. Each test makes its own company and accounts; the demo accounts stay as they are.

let h: DatabaseHandle;
beforeAll(async () => {
  ({ handle: h } = await freshDemoPostgres());
});
afterAll(() => h?.close());

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const PASSWORD = 'applicant-pass-1';

let serial = 0;
let nextTaxId = 30_000_000 + (Date.now() % 1_000_000) * 10;
/** A valid 統一編號 of its own (checksum), so each test has its own company. */
function newTaxId(): string {
  for (;;) {
    nextTaxId += 1;
    const taxId = normaliseTaxId(String(nextTaxId));
    if (taxId) return taxId;
  }
}

/** A company and an account of it; `enrolled` gives the account a factor with SECRET. */
async function newAccount(options: { enrolled?: boolean; required?: boolean } = {}) {
  serial += 1;
  const taxId = newTaxId();
  expect(await addCompany(h.db, { taxId, name: `二階段測試${serial}`, actor: 'test' })).toEqual({
    ok: true,
  });
  const login = `sf-${serial}-${Date.now() % 100_000}`;
  expect(
    await addAccount(h.db, { companyTaxId: taxId, login, password: PASSWORD, actor: 'test' }),
  ).toEqual({ ok: true });
  if (options.enrolled)
    await h.db
      .update(accounts)
      .set({ totpSecret: SECRET, totpEnrolledAt: new Date() })
      .where(eq(accounts.login, login));
  if (options.required)
    await setCompanySecondFactor(h.db, { taxId, required: true, actor: 'test' });
  const [row] = await h.db
    .select({ id: accounts.id })
    .from(accounts)
    .where(eq(accounts.login, login));
  return { login, taxId, accountId: row!.id };
}

/** The password step as the service runs it: credentials, then the session they open. */
async function signIn(login: string) {
  const result = await verifyCredentials(h.db, { login, password: PASSWORD });
  if (!result.ok || !('applicant' in result)) throw new Error('applicant sign-in failed');
  const user = await openSession(h.db, result);
  // The cookie's token as Auth.js makes it from the user (the jwt callback in lib/auth/auth.ts).
  const token = { applicant: user.applicant, sessionId: user.sessionId };
  return { result, token, sessionId: user.sessionId, accountId: result.applicant.accountId };
}

/** Who the dashboard sees for a cookie on this request (the jwt callback, then getApplicant). */
async function dashboardSees(token: Awaited<ReturnType<typeof signIn>>['token'], now?: Date) {
  return dashboardApplicant(applicantSignInOf(await readSession(h.db, token, undefined, now)));
}

/** A code of the next time step that no earlier test could have claimed. */
const codeAt = (offsetSteps: number) =>
  totpCode(SECRET, new Date(Date.now() + offsetSteps * 30_000));

describe('the pending session: the password alone reaches nothing of the dashboard', () => {
  it('an account without a factor signs in to the dashboard at once (the demo accounts stay so)', async () => {
    const { login } = await newAccount();
    const s = await signIn(login);
    expect(s.result).toMatchObject({ ok: true, secondFactor: false });
    expect(await dashboardSees(s.token)).toMatchObject({ login, pending: false });
    // The README's flows: demo-a signs in without a code.
    expect(
      await verifyCredentials(h.db, { login: 'demo-a', password: 'demo-a-pass' }),
    ).toMatchObject({ ok: true, secondFactor: false });
  });

  it('with a factor, the password opens a pending session that the dashboard refuses, for 10 minutes only', async () => {
    const { login } = await newAccount({ enrolled: true });
    const s = await signIn(login);
    expect(s.result).toMatchObject({ ok: true, secondFactor: true });
    // Live (it reaches the second-factor page) but no applicant of the dashboard's.
    const read = await readSession(h.db, s.token);
    expect(applicantSignInOf(read)).toMatchObject({ pending: true, enrolled: true });
    expect(await dashboardSees(s.token)).toBeNull();
    const [row] = await h.db
      .select({ createdAt: sessions.createdAt, expiresAt: sessions.expiresAt })
      .from(sessions)
      .where(eq(sessions.id, s.sessionId));
    expect(row!.expiresAt.getTime() - row!.createdAt.getTime()).toBeLessThanOrEqual(
      10 * 60_000 + 1000,
    );
    expect(await readSession(h.db, s.token, undefined, new Date(Date.now() + 11 * 60_000))).toBe(
      null,
    );
  });

  it('a cookie cannot claim to be past the second factor: the row decides', async () => {
    const { login } = await newAccount({ enrolled: true });
    const s = await signIn(login);
    const forged = { ...s.token, applicant: { ...s.token.applicant!, pending: false } };
    expect(await dashboardSees(forged)).toBeNull();
  });

  it('the right code replaces the pending session: a copy of the pending cookie opens nothing', async () => {
    const { login } = await newAccount({ enrolled: true });
    const s = await signIn(login);
    const planted = { ...s.token };
    const result = await verifySecondFactor(h.db, { ...s, code: codeAt(0) });
    expect(result).toMatchObject({ ok: true, sessionId: expect.any(String) });
    const next = result.ok ? result.sessionId : '';
    expect(next).not.toBe(s.sessionId);
    expect(result.ok && result.recoveryCodes).toBeFalsy();
    // The planted (pending) cookie names the ended row.
    expect(await readSession(h.db, planted)).toBeNull();
    // The browser that typed the code gets the new row, through the server's update only.
    const moved = await readSession(h.db, s.token, { sessionId: next });
    expect(dashboardApplicant(applicantSignInOf(moved))).toMatchObject({ sessionId: next });
    expect(await dashboardSees({ ...s.token, sessionId: next })).toMatchObject({ login });
    // The update moves a cookie only from the pending row to the row that replaced it.
    const other = await signIn(login);
    expect(await readSession(h.db, other.token, { sessionId: next })).toBeNull();
    expect(await readSession(h.db, s.token, null)).toBeNull();
    expect(
      await replacedBy(h.db, {
        accountId: s.accountId,
        pendingId: next,
        nextId: next,
        now: new Date(),
      }),
    ).toBe(false);
    // Still 8 hours from the password, not from the code.
    const [row] = await h.db
      .select({ createdAt: sessions.createdAt, expiresAt: sessions.expiresAt })
      .from(sessions)
      .where(eq(sessions.id, next));
    expect(row!.expiresAt.getTime() - row!.createdAt.getTime()).toBe(8 * 3_600_000);
    const audit = await h.db
      .select({ action: auditLog.action, actor: auditLog.actor, details: auditLog.details })
      .from(auditLog)
      .where(eq(auditLog.subject, `account:${login}`));
    expect(audit).toContainEqual({
      action: 'account.sign-in',
      actor: `account:${s.accountId}`,
      details: { method: 'totp' },
    });
  });

  it('a full session cannot complete a second factor (nothing to replace)', async () => {
    const { login, accountId } = await newAccount();
    const s = await signIn(login);
    await h.db
      .update(accounts)
      .set({ totpSecret: SECRET, totpEnrolledAt: new Date() })
      .where(eq(accounts.id, accountId));
    expect(await verifySecondFactor(h.db, { ...s, code: codeAt(0) })).toEqual({
      ok: false,
      reason: 'session-ended',
    });
  });
});

describe('the time step: a code is good once, on every instance', () => {
  it('20 concurrent sign-ins with one code, as on as many instances: one gets in', async () => {
    const { login } = await newAccount({ enrolled: true });
    // Twenty pending sign-ins of the account (one password check: the sign-in lock counts
    // concurrent password tries).
    const first = await signIn(login);
    const tries = await Promise.all(
      Array.from({ length: 20 }, async () => {
        const user = await openSession(h.db, first.result);
        return { sessionId: user.sessionId, accountId: first.accountId };
      }),
    );
    const code = codeAt(0);
    const results = await Promise.all(tries.map((s) => verifySecondFactor(h.db, { ...s, code })));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    // The others are told it was used, or (past five tries at once) that the factor is locked.
    for (const r of results.filter((r) => !r.ok))
      expect(['replayed', 'locked']).toContain(!r.ok && r.reason);
  });

  it('a used code is refused from another sign-in, at once and later; so is an older one', async () => {
    const { login } = await newAccount({ enrolled: true });
    const [a, b] = [await signIn(login), await signIn(login)];
    const code = codeAt(0);
    const results = await Promise.all([
      verifySecondFactor(h.db, { ...a, code }),
      verifySecondFactor(h.db, { ...b, code }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, reason: 'replayed' }]);
    const later = await signIn(login);
    expect(await verifySecondFactor(h.db, { ...later, code })).toEqual({
      ok: false,
      reason: 'replayed',
    });
    expect(await verifySecondFactor(h.db, { ...later, code: codeAt(-1) })).toEqual({
      ok: false,
      reason: 'replayed',
    });
  });

  it('the claim is per account: an operator or another account with the same step is not refused', async () => {
    const first = await newAccount();
    const second = await newAccount();
    const step = totpStep(new Date());
    expect(await claimTotpStep(h.db, { accountId: first.accountId, step })).toBe(true);
    expect(await claimTotpStep(h.db, { accountId: first.accountId, step })).toBe(false);
    expect(await claimTotpStep(h.db, { accountId: second.accountId, step })).toBe(true);
    // An operator whose id equals the account's claims in its own table.
    const login = `sf-op-${Date.now() % 100_000}`;
    await addOperator(h.db, { login, password: 'operator-pass-1', actor: 'test' });
    const [op] = await h.db
      .select({ id: operators.id })
      .from(operators)
      .where(eq(operators.login, login));
    expect(await claimTotpStep(h.db, { operatorId: op!.id, step })).toBe(true);
  });

  it('five wrong codes lock the account’s second factor, the right one included', async () => {
    const { login } = await newAccount({ enrolled: true });
    const s = await signIn(login);
    for (let i = 0; i < 5; i++)
      expect(await verifySecondFactor(h.db, { ...s, code: '000000' })).toMatchObject({
        ok: false,
        reason: 'invalid',
      });
    expect(await verifySecondFactor(h.db, { ...s, code: codeAt(1) })).toMatchObject({
      ok: false,
      reason: 'locked',
    });
  });
});

describe('enrolment', () => {
  it('from the account page: the first right code turns it on, ends the other sessions, shows ten codes once', async () => {
    const { login, accountId } = await newAccount();
    const here = await signIn(login);
    const elsewhere = await signIn(login);
    const secret = (await enrolmentSecret(h.db, { accountId }))!;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    // The same secret until it is confirmed: a reload shows the same QR code.
    expect(await enrolmentSecret(h.db, { accountId })).toBe(secret);
    expect(await enrolSecondFactor(h.db, { ...here, code: '000000' })).toEqual({
      ok: false,
      reason: 'invalid',
    });
    const done = await enrolSecondFactor(h.db, { ...here, code: totpCode(secret, new Date()) });
    expect(done.ok && done.recoveryCodes).toHaveLength(10);
    expect(await dashboardSees(here.token)).toMatchObject({ enrolled: true });
    expect(await readSession(h.db, elsewhere.token)).toBeNull();
    expect(await enrolmentSecret(h.db, { accountId })).toBeNull();
    expect(
      await enrolSecondFactor(h.db, {
        ...here,
        code: totpCode(secret, new Date(Date.now() + 30_000)),
      }),
    ).toEqual({ ok: false, reason: 'enrolled' });
    // The next sign-in asks for the code.
    expect((await signIn(login)).result).toMatchObject({ secondFactor: true });
    const [audit] = await h.db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(eq(auditLog.subject, `account:${login}`))
      .orderBy(sql`${auditLog.id} desc`);
    expect(audit?.action).toBe('account.enrol-totp');
  });

  it('a pending session cannot enrol from the account page', async () => {
    const { login, accountId } = await newAccount({ required: true });
    const s = await signIn(login);
    const secret = (await enrolmentSecret(h.db, { accountId }))!;
    expect(await enrolSecondFactor(h.db, { ...s, code: totpCode(secret, new Date()) })).toEqual({
      ok: false,
      reason: 'session-ended',
    });
  });

  it('a recovery code replaces a code once', async () => {
    const { login, accountId } = await newAccount();
    const here = await signIn(login);
    const secret = (await enrolmentSecret(h.db, { accountId }))!;
    const done = await enrolSecondFactor(h.db, { ...here, code: totpCode(secret, new Date()) });
    const recovery = done.ok ? done.recoveryCodes[3]! : '';
    const first = await signIn(login);
    expect(await verifySecondFactor(h.db, { ...first, code: recovery })).toMatchObject({
      ok: true,
    });
    const second = await signIn(login);
    expect(await verifySecondFactor(h.db, { ...second, code: recovery })).toEqual({
      ok: false,
      reason: 'invalid',
    });
  });
});

describe('a company that requires it', () => {
  it('an account without a factor is signed out at once, and its next sign-in reaches only enrolment', async () => {
    const { login, taxId, accountId } = await newAccount();
    const before = await signIn(login);
    expect(await dashboardSees(before.token)).toMatchObject({ login });
    expect(await setCompanySecondFactor(h.db, { taxId, required: true, actor: 'test' })).toEqual({
      ok: true,
    });
    expect(await readSession(h.db, before.token)).toBeNull();

    const s = await signIn(login);
    expect(s.result).toMatchObject({ secondFactor: true });
    expect(applicantSignInOf(await readSession(h.db, s.token))).toMatchObject({
      pending: true,
      enrolled: false,
    });
    expect(await dashboardSees(s.token)).toBeNull();
    const secret = (await ensureEnrolmentSecret(h.db, { accountId, secret: SECRET }))!;
    const result = await verifySecondFactor(h.db, { ...s, code: totpCode(secret, new Date()) });
    expect(result.ok && result.recoveryCodes).toHaveLength(10);
    const next = result.ok ? result.sessionId : '';
    expect(await dashboardSees({ ...s.token, sessionId: next })).toMatchObject({ enrolled: true });
    const audit = await h.db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(eq(auditLog.subject, `company:${taxId}`));
    expect(audit.map((a) => a.action)).toContain('company.require-second-factor');
  });

  it('stopping the requirement lets accounts without a factor in again; those with one keep it', async () => {
    const { login, taxId } = await newAccount({ required: true });
    const enrolled = { login: `${login}-2` };
    await addAccount(h.db, {
      companyTaxId: taxId,
      login: enrolled.login,
      password: PASSWORD,
      actor: 't',
    });
    await h.db
      .update(accounts)
      .set({ totpSecret: SECRET, totpEnrolledAt: new Date() })
      .where(eq(accounts.login, enrolled.login));
    expect(await setCompanySecondFactor(h.db, { taxId, required: false, actor: 'test' })).toEqual({
      ok: true,
    });
    expect((await signIn(login)).result).toMatchObject({ secondFactor: false });
    expect((await signIn(enrolled.login)).result).toMatchObject({ secondFactor: true });
    expect(
      await setCompanySecondFactor(h.db, { taxId: '00000000', required: true, actor: 't' }),
    ).toEqual({ ok: false, reason: 'unknown-company' });
  });
});

describe("an operator's reset", () => {
  it('ends every session; the next sign-in has no factor, or enrols if the company requires one', async () => {
    const { login, taxId } = await newAccount({ enrolled: true });
    const s = await signIn(login);
    const signedIn = await verifySecondFactor(h.db, { ...s, code: codeAt(0) });
    const full = { ...s.token, sessionId: signedIn.ok ? signedIn.sessionId : '' };
    const pending = await signIn(login);
    expect(await resetAccountSecondFactor(h.db, { login, actor: 'console:ops' })).toEqual({
      ok: true,
    });
    expect(await readSession(h.db, full)).toBeNull();
    expect(await readSession(h.db, pending.token)).toBeNull();
    const after = await signIn(login);
    expect(after.result).toMatchObject({ secondFactor: false });
    expect(await dashboardSees(after.token)).toMatchObject({ enrolled: false });
    // The old secret's codes and recovery codes are gone with it.
    const [account] = await h.db
      .select({ secret: accounts.totpSecret, step: accounts.totpLastStep })
      .from(accounts)
      .where(eq(accounts.login, login));
    expect(account).toEqual({ secret: null, step: null });
    expect(
      await h.db
        .select()
        .from(accountRecoveryCodes)
        .where(eq(accountRecoveryCodes.accountId, after.accountId)),
    ).toEqual([]);

    await setCompanySecondFactor(h.db, { taxId, required: true, actor: 'test' });
    await resetAccountSecondFactor(h.db, { login, actor: 'console:ops' });
    const required = await signIn(login);
    expect(applicantSignInOf(await readSession(h.db, required.token))).toMatchObject({
      pending: true,
      enrolled: false,
    });
    const audit = await h.db
      .select({ action: auditLog.action, actor: auditLog.actor, details: auditLog.details })
      .from(auditLog)
      .where(eq(auditLog.subject, `account:${login}`));
    expect(audit).toContainEqual({
      action: 'account.reset-second-factor',
      actor: 'console:ops',
      details: { enrolled: true },
    });
    expect(await resetAccountSecondFactor(h.db, { login: 'no-such-login', actor: 't' })).toEqual({
      ok: false,
      reason: 'not-found',
    });
  });
});

describe('findLiveSession', () => {
  it('a session of a disabled account, or another account’s id, is not live', async () => {
    const { login, accountId } = await newAccount({ enrolled: true });
    const s = await signIn(login);
    const other = await newAccount();
    expect(
      await findLiveSession(h.db, {
        sessionId: s.sessionId,
        accountId: other.accountId,
        now: new Date(),
      }),
    ).toBeNull();
    await h.db.update(accounts).set({ disabledAt: new Date() }).where(eq(accounts.id, accountId));
    expect(
      await findLiveSession(h.db, { sessionId: s.sessionId, accountId, now: new Date() }),
    ).toBeNull();
  });
});

describe('the embedded database (npm start)', () => {
  it('a required enrolment and the session swap work on PGlite too', async () => {
    const lite = await freshPglite();
    try {
      await seedDemoData(lite.db);
      await setCompanySecondFactor(lite.db, { taxId: '87654322', required: true, actor: 't' });
      const result = await verifyCredentials(lite.db, { login: 'demo-b', password: 'demo-b-pass' });
      if (!result.ok || !('applicant' in result)) throw new Error('sign-in failed');
      expect(result.secondFactor).toBe(true);
      const user = await openSession(lite.db, result);
      const token = { applicant: user.applicant, sessionId: user.sessionId };
      const owner = { accountId: result.applicant.accountId };
      const secret = (await enrolmentSecret(lite.db, owner))!;
      const done = await verifySecondFactor(lite.db, {
        ...owner,
        sessionId: user.sessionId,
        code: totpCode(secret, new Date()),
      });
      expect(done.ok && done.recoveryCodes).toHaveLength(10);
      expect(await readSession(lite.db, token)).toBeNull();
      const moved = await readSession(lite.db, token, { sessionId: done.ok ? done.sessionId : '' });
      expect(dashboardApplicant(applicantSignInOf(moved))).toMatchObject({ login: 'demo-b' });
      expect(await resetAccountSecondFactor(lite.db, { login: 'demo-b', actor: 't' })).toEqual({
        ok: true,
      });
      expect(
        await readSession(lite.db, { ...token, sessionId: done.ok ? done.sessionId : '' }),
      ).toBeNull();
    } finally {
      await lite.close();
    }
  });
});
