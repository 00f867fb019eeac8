import 'server-only';
import { and, asc, eq, ilike, isNull, or } from 'drizzle-orm';
import type { Executor } from '../client';
import { persons } from '../schema';

const escapeLike = (v: string) => v.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The company's live person records. */
export async function listPersonsForCompany(db: Executor, input: { companyId: number; search?: string }) {
  const q = input.search ? `%${escapeLike(input.search)}%` : undefined;
  return db
    .select()
    .from(persons)
    .where(
      and(
        eq(persons.companyId, input.companyId),
        isNull(persons.deletedAt),
        q ? or(ilike(persons.identityNumber, q), ilike(persons.name, q), ilike(persons.mobile, q)) : undefined,
      ),
    )
    .orderBy(asc(persons.identityNumber))
    .limit(200);
}

export async function findPersonForCompany(db: Executor, input: { companyId: number; id: number }) {
  const rows = await db
    .select()
    .from(persons)
    .where(and(eq(persons.id, input.id), eq(persons.companyId, input.companyId), isNull(persons.deletedAt)))
    .limit(1);
  return rows[0] ?? null;
}

/** Inserts unless a live record for the identity number exists (the partial unique index decides). */
export async function insertPerson(
  db: Executor,
  values: { companyId: number; identityNumber: string; name: string; mobile: string | null },
): Promise<boolean> {
  const rows = await db
    .insert(persons)
    .values(values)
    .onConflictDoNothing()
    .returning({ id: persons.id });
  return rows.length === 1;
}

export async function updatePersonForCompany(
  db: Executor,
  input: { companyId: number; id: number; name: string; mobile: string | null },
): Promise<boolean> {
  const rows = await db
    .update(persons)
    .set({ name: input.name, mobile: input.mobile, updatedAt: new Date() })
    .where(and(eq(persons.id, input.id), eq(persons.companyId, input.companyId), isNull(persons.deletedAt)))
    .returning({ id: persons.id });
  return rows.length === 1;
}

export async function softDeletePersonForCompany(db: Executor, input: { companyId: number; id: number }): Promise<boolean> {
  const rows = await db
    .update(persons)
    .set({ deletedAt: new Date() })
    .where(and(eq(persons.id, input.id), eq(persons.companyId, input.companyId), isNull(persons.deletedAt)))
    .returning({ id: persons.id });
  return rows.length === 1;
}
