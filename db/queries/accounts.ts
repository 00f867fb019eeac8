import 'server-only';
import { eq } from 'drizzle-orm';
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
    })
    .from(accounts)
    .innerJoin(companies, eq(companies.id, accounts.companyId))
    .where(eq(accounts.login, input.login))
    .limit(1);
  return rows[0] ?? null;
}
