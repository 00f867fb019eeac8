import 'server-only';
import { and, asc, desc, eq, gt, ilike, isNull, lt, or, sql } from 'drizzle-orm';
import type { Executor } from '../client';
import { escapeLike } from './like';
import { COUNT_CAP, keysetPage, readsBackwards, type KeysetPage, type PageAt } from './page';
import { passes, persons, type Person } from '../schema';

/** A live person record of this company, by id: the only rows an applicant may change. */
const companyLivePerson = (companyId: number, id: number) =>
  and(eq(persons.id, id), eq(persons.companyId, companyId), isNull(persons.deletedAt));

/** The company's live person records, or those matching `search` (身分證號, 姓名 or 手機號碼). */
function companyPersons(companyId: number, search: string | undefined) {
  const q = search ? `%${escapeLike(search)}%` : undefined;
  return and(
    eq(persons.companyId, companyId),
    isNull(persons.deletedAt),
    q
      ? or(ilike(persons.identityNumber, q), ilike(persons.name, q), ilike(persons.mobile, q))
      : undefined,
  );
}

/**
 * A page of the company's live person records in 身分證號 order (unique among live records, so it
 * is its own tie-break), read through the (company, 身分證號) index of live records.
 */
export async function listPersonsForCompany(
  db: Executor,
  input: { companyId: number; search?: string; at: PageAt<string>; pageSize: number },
): Promise<KeysetPage<Person>> {
  const { at } = input;
  const cursor = 'after' in at ? at.after : 'before' in at ? at.before : null;
  const backwards = readsBackwards(at);
  const limit = 'last' in at ? at.lastSize : input.pageSize;
  const fetched = await db
    .select()
    .from(persons)
    .where(
      and(
        companyPersons(input.companyId, input.search),
        cursor === null
          ? undefined
          : backwards
            ? lt(persons.identityNumber, cursor)
            : gt(persons.identityNumber, cursor),
      ),
    )
    .orderBy(backwards ? desc(persons.identityNumber) : asc(persons.identityNumber))
    .limit(limit + 1);
  return keysetPage(at, fetched, limit);
}

/** How many records the list holds, counted up to COUNT_CAP + 1 ("more than"). */
export async function countPersonsForCompany(
  db: Executor,
  input: { companyId: number; search?: string },
): Promise<number> {
  const matching = db
    .select({ one: sql`1` })
    .from(persons)
    .where(companyPersons(input.companyId, input.search))
    .limit(COUNT_CAP + 1)
    .as('matching');
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(matching);
  return row?.n ?? 0;
}

export async function findPersonForCompany(
  db: Executor,
  input: { companyId: number; id: number; forUpdate?: boolean },
) {
  const query = db
    .select()
    .from(persons)
    .where(companyLivePerson(input.companyId, input.id))
    .limit(1);
  const rows = await (input.forUpdate ? query.for('update') : query);
  return rows[0] ?? null;
}

/** Whether the identity number holds, or held, a pass the company applied for. */
export async function isHolderOfCompany(
  db: Executor,
  input: { companyId: number; identityNumber: string },
): Promise<boolean> {
  const rows = await db
    .select({ id: passes.id })
    .from(passes)
    .where(
      and(
        eq(passes.holderIdentityNumber, input.identityNumber),
        eq(passes.companyId, input.companyId),
      ),
    )
    .limit(1);
  return rows.length === 1;
}

/** Inserts unless a live record for the identity number exists (the partial unique index decides). */
export async function insertPerson(
  db: Executor,
  values: { companyId: number; identityNumber: string; name: string; mobile: string | null },
): Promise<number | null> {
  const rows = await db
    .insert(persons)
    .values(values)
    .onConflictDoNothing()
    .returning({ id: persons.id });
  return rows[0]?.id ?? null;
}

export async function updatePersonForCompany(
  db: Executor,
  input: { companyId: number; id: number; name: string; mobile: string | null },
): Promise<boolean> {
  const rows = await db
    .update(persons)
    .set({ name: input.name, mobile: input.mobile, updatedAt: new Date() })
    .where(companyLivePerson(input.companyId, input.id))
    .returning({ id: persons.id });
  return rows.length === 1;
}

export async function softDeletePersonForCompany(
  db: Executor,
  input: { companyId: number; id: number },
): Promise<boolean> {
  const rows = await db
    .update(persons)
    .set({ deletedAt: new Date() })
    .where(companyLivePerson(input.companyId, input.id))
    .returning({ id: persons.id });
  return rows.length === 1;
}

/** The live record of an identity number, whoever maintains it (operators only). */
export async function findLivePerson(db: Executor, input: { identityNumber: string }) {
  const rows = await db
    .select()
    .from(persons)
    .where(and(eq(persons.identityNumber, input.identityNumber), isNull(persons.deletedAt)))
    .limit(1)
    .for('update');
  return rows[0] ?? null;
}

/** Moves a record's maintenance to another company (an operator's action). */
export async function setPersonCompany(db: Executor, input: { id: number; companyId: number }) {
  await db
    .update(persons)
    .set({ companyId: input.companyId, updatedAt: new Date() })
    .where(and(eq(persons.id, input.id), isNull(persons.deletedAt)));
}
