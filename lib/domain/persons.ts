import * as z from 'zod/mini';
import type { Db, Tx } from '@/db/client';
import { accountActor, insertAudit } from '@/db/queries/audit';
import { COUNT_CAP } from '@/db/queries/page';
import {
  countPersonsForCompany,
  findLivePerson,
  findPersonForCompany,
  insertPerson,
  isHolderOfCompany,
  listPersonsForCompany,
  setPersonCompany,
  softDeletePersonForCompany,
  updatePersonForCompany,
} from '@/db/queries/persons';
import { queuePersonEditAlert } from '@/db/queries/verification';
import { maskIdentity, normaliseIdentity } from '../values/identity';
import { pageAt, pageLinks, positionParams } from '../web/keyset';
import { logger } from '../server/logger';
import { maskMobile } from '../values/phone';
import type { PersonInput, PersonUpdateInput } from '../schemas/persons';
import { normaliseText } from '../values/text';
import { sendNumberChangeAlerts, type AlertDeps } from '../verification/alerts';

const PAGE_SIZE = 50;

/** A page boundary in the URL: a 身分證號, letters and digits only; anything else, the first page. */
const boundary = z.catch(
  z.optional(
    z.pipe(
      z.transform((v: unknown) => normaliseIdentity(v)),
      z.string().check(z.regex(/^[A-Z0-9]{1,12}$/)),
    ),
  ),
  undefined,
);

/** 人員資料's URL parameters; anything unknown falls back to a default instead of failing. */
export const personListQuerySchema = z.object({
  q: z.catch(
    z.transform((v: unknown) => normaliseText(v).slice(0, 50)),
    '',
  ),
  after: boundary,
  before: boundary,
  ...positionParams,
  saved: z.catch(z.optional(z.string()), undefined),
  deleted: z.catch(z.optional(z.string()), undefined),
});

export type PersonListQuery = z.output<typeof personListQuerySchema>;

/**
 * 人員資料: a company's live records in 身分證號 order, 50 a page (keyset, as the pass lists),
 * with the count up to 10,000 ("more than" above).
 */
export async function listPersons(db: Db, companyId: number, query: PersonListQuery) {
  const request = { companyId, search: query.q || undefined };
  const counted = await countPersonsForCompany(db, request);
  const total = counted > COUNT_CAP ? null : counted;
  const at = pageAt(query, total, PAGE_SIZE);
  const page = await listPersonsForCompany(db, { ...request, at, pageSize: PAGE_SIZE });
  const position = pageLinks(query, at, total, PAGE_SIZE, page, (row) => row.identityNumber);
  return { rows: page.rows, total, countCap: COUNT_CAP, ...position };
}

export type PersonResult =
  | { ok: true }
  | { ok: false; reason: 'duplicate' }
  | { ok: false; reason: 'not-own-holder' }
  | { ok: false; reason: 'not-found' };

/** Who changes a person record: the applicant's company (the scope) and account (the audit). */
export interface PersonEditor {
  companyId: number;
  accountId: number;
}

/** A name in the audit log: its first character, enough to tell changes apart. */
const maskName = (name: string | null | undefined) => (name ? `${name.slice(0, 1)}**` : '');

/** A record's fields as the audit log keeps them (masked), old → new. */
function changeOf(
  before: { name: string; mobile: string | null } | null,
  after: { name: string; mobile: string | null } | null,
) {
  return {
    name: { old: before && maskName(before.name), new: after && maskName(after.name) },
    mobile: { old: before && maskMobile(before.mobile), new: after && maskMobile(after.mobile) },
  };
}

/**
 * A company creates the person record only of a holder of one of its own passes, current or
 * past (docs/PRODUCT.md, rule 9): no company can take over another's holders.
 * Every change is written to the audit log in its transaction.
 */
export async function createPerson(
  db: Db,
  by: PersonEditor,
  input: PersonInput,
): Promise<PersonResult> {
  const { companyId } = by;
  return db.transaction(async (tx): Promise<PersonResult> => {
    if (!(await isHolderOfCompany(tx, { companyId, identityNumber: input.identityNumber }))) {
      return { ok: false, reason: 'not-own-holder' };
    }
    const id = await insertPerson(tx, { companyId, ...input });
    if (id === null) return { ok: false, reason: 'duplicate' };
    await insertAudit(tx, {
      actor: accountActor(by.accountId),
      action: 'person.create',
      subject: `person:${id}`,
      details: {
        identity: maskIdentity(input.identityNumber),
        ...changeOf(null, input),
      },
    });
    return { ok: true };
  });
}

/**
 * Editing the mobile turns a verified pass into 待驗證 at once: the status is computed. When the
 * holder was verified with the old number, that number is told (rule 22): the alert is queued in
 * the edit's transaction and sent once it has committed; its failure never undoes the edit.
 * `alerts` is the engine's own (lib/server/engine.ts: its transport, logger and observer).
 */
export async function updatePerson(
  db: Db,
  by: PersonEditor,
  id: number,
  input: PersonUpdateInput,
  alerts: AlertDeps,
): Promise<PersonResult> {
  const done = await db.transaction(async (tx) => {
    const scope = { companyId: by.companyId, id };
    // Locked: of concurrent edits, each sees the number the previous one left, so one change of
    // a verified number queues one alert however many edits race.
    const before = await findPersonForCompany(tx, { ...scope, forUpdate: true });
    if (!before || !(await updatePersonForCompany(tx, { ...scope, ...input })))
      return { result: { ok: false, reason: 'not-found' } as const, alertIds: [] };
    await insertAudit(tx, {
      actor: accountActor(by.accountId),
      action: 'person.update',
      subject: `person:${before.id}`,
      details: { identity: maskIdentity(before.identityNumber), ...changeOf(before, input) },
    });
    const alertIds =
      before.mobile && before.mobile !== input.mobile
        ? await queueAlert(tx, {
            identityNumber: before.identityNumber,
            oldMobile: before.mobile,
            newMobile: input.mobile,
            companyId: by.companyId,
            accountId: by.accountId,
            now: alerts.now?.() ?? new Date(),
          })
        : [];
    return { result: { ok: true } as const, alertIds };
  });
  if (done.alertIds.length > 0) await sendNumberChangeAlerts(alerts, done.alertIds);
  return done.result;
}

/**
 * The edit's alert, in a savepoint: should queuing it fail, the edit still commits (an alert
 * never undoes its change) and the failure is logged.
 */
async function queueAlert(
  tx: Tx,
  input: Parameters<typeof queuePersonEditAlert>[1],
): Promise<string[]> {
  try {
    return await tx.transaction((savepoint) => queuePersonEditAlert(savepoint, input));
  } catch (error) {
    logger.error(
      { err: error, id: maskIdentity(input.identityNumber) },
      'number-change alert not queued',
    );
    return [];
  }
}

export async function deletePerson(db: Db, by: PersonEditor, id: number): Promise<PersonResult> {
  return db.transaction(async (tx): Promise<PersonResult> => {
    const scope = { companyId: by.companyId, id };
    const before = await findPersonForCompany(tx, { ...scope, forUpdate: true });
    if (!before || !(await softDeletePersonForCompany(tx, scope)))
      return { ok: false, reason: 'not-found' };
    await insertAudit(tx, {
      actor: accountActor(by.accountId),
      action: 'person.delete',
      subject: `person:${before.id}`,
      details: { identity: maskIdentity(before.identityNumber), ...changeOf(before, null) },
    });
    return { ok: true };
  });
}

export type TransferResult =
  | { ok: true; personId: number; fromCompanyId: number }
  | { ok: false; reason: 'not-found' | 'same-company' };

/**
 * Maintenance of a person record moves between companies only by an operator's action, recorded
 * in the audit log in the same transaction (docs/PRODUCT.md, rule 9).
 */
export async function transferPerson(
  db: Db,
  input: { identityNumber: string; toCompanyId: number; actor: string; reason: string },
): Promise<TransferResult> {
  const { identityNumber } = input;
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
  duplicate: 'refusal.duplicate',
  'not-own-holder': 'refusal.notOwnHolder',
  'not-found': 'refusal.personNotFound',
};
