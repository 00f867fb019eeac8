import type { Db } from '@/db/client';
import { insertAudit } from '@/db/queries/audit';
import {
  findLivePerson,
  insertPerson,
  isHolderOfCompany,
  setPersonCompany,
  softDeletePersonForCompany,
  updatePersonForCompany,
} from '@/db/queries/persons';
import { maskIdentity, normaliseIdentity } from './identity';
import { toFieldErrors, type FieldErrors } from './schemas/field-errors';
import { personIdSchema, personSchema, personUpdateSchema } from './schemas/persons';

export type PersonResult =
  | { ok: true }
  | { ok: false; reason: 'invalid-input'; fieldErrors: FieldErrors }
  | { ok: false; reason: 'duplicate' }
  | { ok: false; reason: 'not-own-holder' }
  | { ok: false; reason: 'not-found' };

/**
 * A company creates the person record only of a holder of one of its own passes, current or
 * past (SPEC, who may maintain a person record): no company can take over another's holders.
 */
export async function createPerson(
  db: Db,
  companyId: number,
  input: unknown,
): Promise<PersonResult> {
  const parsed = personSchema.safeParse(input);
  if (!parsed.success)
    return { ok: false, reason: 'invalid-input', fieldErrors: toFieldErrors(parsed.error) };
  return db.transaction(async (tx): Promise<PersonResult> => {
    if (!(await isHolderOfCompany(tx, { companyId, identityNumber: parsed.data.identityNumber }))) {
      return { ok: false, reason: 'not-own-holder' };
    }
    const inserted = await insertPerson(tx, { companyId, ...parsed.data });
    return inserted ? { ok: true } : { ok: false, reason: 'duplicate' };
  });
}

/** Editing the mobile turns a verified pass into 待驗證 at once: the status is computed. */
export async function updatePerson(
  db: Db,
  companyId: number,
  id: unknown,
  input: unknown,
): Promise<PersonResult> {
  const personId = personIdSchema.safeParse(id);
  const parsed = personUpdateSchema.safeParse(input);
  if (!personId.success) return { ok: false, reason: 'not-found' };
  if (!parsed.success)
    return { ok: false, reason: 'invalid-input', fieldErrors: toFieldErrors(parsed.error) };
  const updated = await updatePersonForCompany(db, {
    companyId,
    id: personId.data,
    ...parsed.data,
  });
  return updated ? { ok: true } : { ok: false, reason: 'not-found' };
}

export async function deletePerson(db: Db, companyId: number, id: unknown): Promise<PersonResult> {
  const personId = personIdSchema.safeParse(id);
  if (!personId.success) return { ok: false, reason: 'not-found' };
  return (await softDeletePersonForCompany(db, { companyId, id: personId.data }))
    ? { ok: true }
    : { ok: false, reason: 'not-found' };
}

export type TransferResult =
  | { ok: true; personId: number; fromCompanyId: number }
  | { ok: false; reason: 'not-found' | 'same-company' };

/**
 * Maintenance of a person record moves between companies only by an operator's action, recorded
 * in the audit log in the same transaction (SPEC, who may maintain a person record).
 */
export async function transferPerson(
  db: Db,
  input: { identityNumber: string; toCompanyId: number; actor: string; reason: string },
): Promise<TransferResult> {
  const identityNumber = normaliseIdentity(input.identityNumber);
  return db.transaction(async (tx): Promise<TransferResult> => {
    const person = await findLivePerson(tx, { identityNumber });
    if (!person) return { ok: false, reason: 'not-found' };
    if (person.companyId === input.toCompanyId) return { ok: false, reason: 'same-company' };
    await setPersonCompany(tx, { id: person.id, companyId: input.toCompanyId });
    await insertAudit(tx, {
      actor: input.actor,
      action: 'person.transfer',
      subject: `person:${person.id}`,
      details: {
        identity: maskIdentity(identityNumber),
        fromCompanyId: person.companyId,
        toCompanyId: input.toCompanyId,
        reason: input.reason,
      },
    });
    return { ok: true, personId: person.id, fromCompanyId: person.companyId };
  });
}

/** Translation keys of each refusal. */
export const PERSON_REFUSAL: Record<Exclude<PersonResult, { ok: true }>['reason'], string> = {
  'invalid-input': 'refusal.invalidInput',
  duplicate: 'refusal.duplicate',
  'not-own-holder': 'refusal.notOwnHolder',
  'not-found': 'refusal.personNotFound',
};
