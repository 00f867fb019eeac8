import 'server-only';
import { eq, sql } from 'drizzle-orm';
import type { Executor } from '../client';
import { accounts, companies } from '../schema';

/** An account with its company, by login name, for sign-in. */
export async function findAccountForSignIn(db: Executor, input: { login: string }) {
  const rows = await db
    .select({
      id: accounts.id,
      login: accounts.login,
      passwordHash: accounts.passwordHash,
      displayName: accounts.displayName,
      disabledAt: accounts.disabledAt,
      companyId: companies.id,
      companyName: companies.name,
      /** The password alone does not open the dashboard: a code, or enrolment, comes next. */
      needsSecondFactor: sql<boolean>`(${accounts.totpEnrolledAt} is not null or ${companies.secondFactorRequired})`,
    })
    .from(accounts)
    .innerJoin(companies, eq(companies.id, accounts.companyId))
    .where(eq(accounts.login, input.login))
    .limit(1);
  return rows[0] ?? null;
}

/** Whether the company requires a second factor of its accounts. */
export async function findCompanySecondFactorRequired(
  db: Executor,
  input: { companyId: number },
): Promise<boolean> {
  const rows = await db
    .select({ required: companies.secondFactorRequired })
    .from(companies)
    .where(eq(companies.id, input.companyId))
    .limit(1);
  return rows[0]?.required ?? false;
}
