import type { Db } from '@/db/client';
import { insertAudit } from '@/db/queries/audit';
import { endSessionsOf } from '@/db/queries/sessions';
import {
  disableAccount,
  findAccountIdByLogin,
  findCompanyByTaxId,
  insertAccount,
  insertCompany,
  setAccountPassword,
  setSecondFactorRequired,
} from '@/db/queries/ops';
import { disableOperator, insertOperator, isLoginTaken } from '@/db/queries/operators';
import { clearSecondFactor } from '@/db/queries/second-factor';
import { hashPassword } from '../auth/password';

// Companies, applicant accounts and operators: one implementation for the CLI (scripts/ops.ts)
// and the console (app/(console)/console). Each change and its audit row are one transaction.

export type OpsResult =
  | { ok: true }
  | { ok: false; reason: 'company-exists' | 'unknown-company' | 'login-taken' | 'not-found' };

export async function addCompany(
  db: Db,
  input: { taxId: string; name: string; actor: string },
): Promise<OpsResult> {
  return db.transaction(async (tx): Promise<OpsResult> => {
    if (!(await insertCompany(tx, { taxId: input.taxId, name: input.name })))
      return { ok: false, reason: 'company-exists' };
    await insertAudit(tx, {
      actor: input.actor,
      action: 'company.add',
      subject: `company:${input.taxId}`,
      details: { name: input.name },
    });
    return { ok: true };
  });
}

export async function addAccount(
  db: Db,
  input: {
    companyTaxId: string;
    login: string;
    displayName?: string;
    password: string;
    actor: string;
  },
): Promise<OpsResult> {
  const passwordHash = hashPassword(input.password);
  return db.transaction(async (tx): Promise<OpsResult> => {
    const company = await findCompanyByTaxId(tx, { taxId: input.companyTaxId });
    if (!company) return { ok: false, reason: 'unknown-company' };
    if (await isLoginTaken(tx, { login: input.login })) return { ok: false, reason: 'login-taken' };
    const displayName = input.displayName || input.login;
    if (
      !(await insertAccount(tx, {
        companyId: company.id,
        login: input.login,
        passwordHash,
        displayName,
      }))
    )
      return { ok: false, reason: 'login-taken' };
    await insertAudit(tx, {
      actor: input.actor,
      action: 'account.add',
      subject: `account:${input.login}`,
      details: { company: company.taxId, displayName },
    });
    return { ok: true };
  });
}

/** A new password; every session of the account ends. */
export async function resetAccountPassword(
  db: Db,
  input: { login: string; password: string; actor: string },
): Promise<OpsResult> {
  const passwordHash = hashPassword(input.password);
  return db.transaction(async (tx): Promise<OpsResult> => {
    if (!(await setAccountPassword(tx, { login: input.login, passwordHash })))
      return { ok: false, reason: 'not-found' };
    await insertAudit(tx, {
      actor: input.actor,
      action: 'account.reset-password',
      subject: `account:${input.login}`,
    });
    return { ok: true };
  });
}

/** The account can no longer sign in; its sessions end. */
export async function disableAccountByLogin(
  db: Db,
  input: { login: string; actor: string },
): Promise<OpsResult> {
  return db.transaction(async (tx): Promise<OpsResult> => {
    if (!(await disableAccount(tx, { login: input.login })))
      return { ok: false, reason: 'not-found' };
    await insertAudit(tx, {
      actor: input.actor,
      action: 'account.disable',
      subject: `account:${input.login}`,
    });
    return { ok: true };
  });
}

/**
 * Requires (or stops requiring) a second factor of every account of the company. An account
 * without one is signed out at its next request and enrols at its next sign-in; accounts that
 * have one keep it either way.
 */
export async function setCompanySecondFactor(
  db: Db,
  input: { taxId: string; required: boolean; actor: string },
): Promise<OpsResult> {
  return db.transaction(async (tx): Promise<OpsResult> => {
    if (!(await setSecondFactorRequired(tx, input)))
      return { ok: false, reason: 'unknown-company' };
    await insertAudit(tx, {
      actor: input.actor,
      action: 'company.require-second-factor',
      subject: `company:${input.taxId}`,
      details: { required: input.required },
    });
    return { ok: true };
  });
}

/**
 * Forgets an account's second factor (a lost phone and no recovery code left): every session of
 * the account ends; the next sign-in needs no code, or enrols a new factor if the company
 * requires one.
 */
export async function resetAccountSecondFactor(
  db: Db,
  input: { login: string; actor: string },
): Promise<OpsResult> {
  return db.transaction(async (tx): Promise<OpsResult> => {
    const accountId = await findAccountIdByLogin(tx, { login: input.login });
    if (accountId === null) return { ok: false, reason: 'not-found' };
    const enrolled = await clearSecondFactor(tx, { accountId });
    await endSessionsOf(tx, { accountId });
    await insertAudit(tx, {
      actor: input.actor,
      action: 'account.reset-second-factor',
      subject: `account:${input.login}`,
      details: { enrolled },
    });
    return { ok: true };
  });
}

/** An operator account; TOTP is enrolled at the first sign-in. */
export async function addOperator(
  db: Db,
  input: { login: string; displayName?: string; password: string; actor: string },
): Promise<OpsResult> {
  const passwordHash = hashPassword(input.password);
  return db.transaction(async (tx): Promise<OpsResult> => {
    if (await isLoginTaken(tx, { login: input.login })) return { ok: false, reason: 'login-taken' };
    const id = await insertOperator(tx, {
      login: input.login,
      passwordHash,
      displayName: input.displayName || input.login,
    });
    if (id === null) return { ok: false, reason: 'login-taken' };
    await insertAudit(tx, {
      actor: input.actor,
      action: 'operator.add',
      subject: `operator:${id}`,
    });
    return { ok: true };
  });
}

/** The operator can no longer sign in; every session ends. */
export async function disableOperatorByLogin(
  db: Db,
  input: { login: string; actor: string },
): Promise<OpsResult> {
  return db.transaction(async (tx): Promise<OpsResult> => {
    const id = await disableOperator(tx, { login: input.login });
    if (id === null) return { ok: false, reason: 'not-found' };
    await insertAudit(tx, {
      actor: input.actor,
      action: 'operator.disable',
      subject: `operator:${id}`,
    });
    return { ok: true };
  });
}
