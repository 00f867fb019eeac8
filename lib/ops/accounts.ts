import type { Db } from '@/db/client';
import { insertAudit } from '@/db/queries/audit';
import {
  disableAccount,
  findCompanyByTaxId,
  insertAccount,
  insertCompany,
  setAccountPassword,
} from '@/db/queries/ops';
import { disableOperator, insertOperator, isLoginTaken } from '@/db/queries/operators';
import { hashPassword } from '../auth/password';

// Companies, applicant accounts and operators: one implementation for the CLI (scripts/ops.ts)
// and the console (app/console). Each change and its audit row are one transaction.

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
