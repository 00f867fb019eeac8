import 'server-only';
import { PENDING_STATES } from './verification';
import { and, asc, eq, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { Executor } from '../client';
import { endSessionsOf } from './sessions';
import { accounts, companies, passes, sendWindows, verificationAttempts } from '../schema';

export async function insertCompany(
  db: Executor,
  input: { taxId: string; name: string },
): Promise<boolean> {
  const rows = await db
    .insert(companies)
    .values(input)
    .onConflictDoNothing()
    .returning({ id: companies.id });
  return rows.length === 1;
}

/**
 * Whether every account of the company must have a second factor. Accounts without one lose
 * their full sessions at once (findLiveSession) and enrol at their next sign-in.
 */
export async function setSecondFactorRequired(
  db: Executor,
  input: { taxId: string; required: boolean },
): Promise<boolean> {
  const rows = await db
    .update(companies)
    .set({ secondFactorRequired: input.required })
    .where(eq(companies.taxId, input.taxId))
    .returning({ id: companies.id });
  return rows.length === 1;
}

export async function findAccountIdByLogin(db: Executor, input: { login: string }) {
  const rows = await db
    .select({ id: accounts.id })
    .from(accounts)
    .where(eq(accounts.login, input.login))
    .limit(1);
  return rows[0]?.id ?? null;
}

export async function listCompanies(db: Executor) {
  return db.select().from(companies).orderBy(asc(companies.taxId));
}

export async function findCompanyByTaxId(db: Executor, input: { taxId: string }) {
  const rows = await db.select().from(companies).where(eq(companies.taxId, input.taxId)).limit(1);
  return rows[0] ?? null;
}

export async function companyIdsByTaxId(
  db: Executor,
  input: { taxIds: string[] },
): Promise<Map<string, number>> {
  if (input.taxIds.length === 0) return new Map();
  const rows = await db
    .select({ id: companies.id, taxId: companies.taxId })
    .from(companies)
    .where(inArray(companies.taxId, input.taxIds));
  return new Map(rows.map((r) => [r.taxId, r.id]));
}

export async function insertAccount(
  db: Executor,
  input: { companyId: number; login: string; passwordHash: string; displayName: string },
): Promise<boolean> {
  const rows = await db
    .insert(accounts)
    .values(input)
    .onConflictDoNothing()
    .returning({ id: accounts.id });
  return rows.length === 1;
}

/** A new password; every session of the account ends in the same transaction. */
export async function setAccountPassword(
  db: Executor,
  input: { login: string; passwordHash: string },
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const rows = await tx
      .update(accounts)
      .set({ passwordHash: input.passwordHash })
      .where(eq(accounts.login, input.login))
      .returning({ id: accounts.id });
    if (rows[0]) await endSessionsOf(tx, { accountId: rows[0].id });
    return rows.length === 1;
  });
}

/** The account can no longer sign in, and its sessions end in the same transaction. */
export async function disableAccount(db: Executor, input: { login: string }): Promise<boolean> {
  return db.transaction(async (tx) => {
    const rows = await tx
      .update(accounts)
      .set({ disabledAt: new Date() })
      .where(and(eq(accounts.login, input.login), isNull(accounts.disabledAt)))
      .returning({ id: accounts.id });
    if (rows[0]) await endSessionsOf(tx, { accountId: rows[0].id });
    return rows.length === 1;
  });
}

export async function listAccounts(db: Executor, input: { companyId?: number }) {
  return db
    .select({
      login: accounts.login,
      displayName: accounts.displayName,
      taxId: companies.taxId,
      disabledAt: accounts.disabledAt,
      totpEnrolledAt: accounts.totpEnrolledAt,
    })
    .from(accounts)
    .innerJoin(companies, eq(companies.id, accounts.companyId))
    .where(input.companyId ? eq(accounts.companyId, input.companyId) : undefined)
    .orderBy(asc(accounts.login));
}

export interface PassImportRow {
  passNumber: string;
  holderIdentityNumber: string;
  holderName: string;
  companyId: number;
  validFrom: string;
  validUntil: string;
}

/**
 * Upserts a batch by pass number. Unchanged rows are not touched, and a re-import cannot erase
 * a verification. A pass whose holder or company changes is a new verification: its verified
 * mobile is cleared and its pending codes superseded (their windows freed), so the old holder's
 * code can never verify the new holder's pass.
 */
export async function upsertPasses(
  db: Executor,
  rows: PassImportRow[],
): Promise<{ inserted: number; updated: number }> {
  if (rows.length === 0) return { inserted: 0, updated: 0 };
  const before = await db
    .select({
      id: passes.id,
      passNumber: passes.passNumber,
      holder: passes.holderIdentityNumber,
      companyId: passes.companyId,
    })
    .from(passes)
    .where(
      inArray(
        passes.passNumber,
        rows.map((r) => r.passNumber),
      ),
    )
    .for('update');
  const incoming = new Map(rows.map((r) => [r.passNumber, r]));
  const reassigned = before
    .filter((p) => {
      const next = incoming.get(p.passNumber)!;
      return next.holderIdentityNumber !== p.holder || next.companyId !== p.companyId;
    })
    .map((p) => p.id);
  const result = await db
    .insert(passes)
    .values(rows)
    .onConflictDoUpdate({
      target: passes.passNumber,
      set: {
        holderIdentityNumber: sql`excluded.holder_identity_number`,
        holderName: sql`excluded.holder_name`,
        companyId: sql`excluded.company_id`,
        validFrom: sql`excluded.valid_from`,
        validUntil: sql`excluded.valid_until`,
        updatedAt: sql`now()`,
      },
      setWhere: sql`(${passes.holderIdentityNumber}, ${passes.holderName}, ${passes.companyId}, ${passes.validFrom}, ${passes.validUntil})
        is distinct from (excluded.holder_identity_number, excluded.holder_name, excluded.company_id, excluded.valid_from, excluded.valid_until)`,
    })
    .returning({ inserted: sql<boolean>`(xmax = 0)` });
  if (reassigned.length > 0) {
    await db
      .update(passes)
      .set({ verifiedMobile: null, verifiedAt: null })
      .where(inArray(passes.id, reassigned));
    await db
      .update(verificationAttempts)
      .set({ state: 'superseded', resolvedAt: sql`now()` })
      .where(
        and(
          inArray(verificationAttempts.passId, reassigned),
          inArray(verificationAttempts.state, PENDING_STATES),
        ),
      );
    // In the past by any clock: a request a moment later may open a new window at once.
    await db
      .update(sendWindows)
      .set({ openUntil: sql`now() - interval '1 minute'` })
      .where(inArray(sendWindows.passId, reassigned));
  }
  const inserted = result.filter((r) => r.inserted).length;
  return { inserted, updated: result.length - inserted };
}

/** Data minimisation (個人資料保護法): deletes attempts older than the cut-off. */
export async function purgeAttempts(db: Executor, input: { before: Date }): Promise<number> {
  await db.delete(sendWindows).where(lt(sendWindows.openUntil, input.before));
  const rows = await db
    .delete(verificationAttempts)
    .where(lt(verificationAttempts.sentAt, input.before))
    .returning({ id: verificationAttempts.id });
  return rows.length;
}
