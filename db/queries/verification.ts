import 'server-only';
import { and, desc, eq, inArray, isNull, lte, ne, sql } from 'drizzle-orm';
import type { Executor } from '../client';
import { passes, persons, sendWindows, verificationAttempts, type AttemptState } from '../schema';
import { inCompanyLists, livePersonOfPass } from './scope';

/** States in which a code can still be typed in. 'sending' counts: the SMS may be out already. */
export const PENDING_STATES: AttemptState[] = ['sending', 'sent'];
/** States an applicant may cancel: pending, or locked by wrong guesses (frees the window). */
export const CANCELLABLE_STATES: AttemptState[] = [...PENDING_STATES, 'locked'];

/**
 * A pass with its holder's live person record (if any), by pass number; with a company id, only
 * if the pass is in that company's 所屬 or 非所屬 list.
 */
export async function findPassWithPerson(db: Executor, input: { passNumber: string; companyId?: number }) {
  const rows = await db
    .select({
      pass: passes,
      personId: persons.id,
      personMobile: persons.mobile,
      /** The company that maintains the person record: the only one that may change its mobile. */
      personCompanyId: persons.companyId,
    })
    .from(passes)
    .leftJoin(persons, livePersonOfPass)
    .where(
      and(
        eq(passes.passNumber, input.passNumber),
        input.companyId === undefined ? undefined : inCompanyLists(input.companyId),
      ),
    )
    .limit(1);
  return rows[0] ?? null;
}

/**
 * Reserves the 24-hour window of a triple (manual 說明 2). The upsert only takes a row whose
 * window is over; concurrent callers queue on the row lock and see the new window, so exactly
 * one wins. Returns null when the window is still open.
 */
export async function reserveSendWindow(
  db: Executor,
  input: { passId: number; identityNumber: string; mobile: string; attemptId: string; openUntil: Date; now: Date },
): Promise<boolean> {
  const rows = await db
    .insert(sendWindows)
    .values({
      passId: input.passId,
      identityNumber: input.identityNumber,
      mobile: input.mobile,
      attemptId: input.attemptId,
      openUntil: input.openUntil,
    })
    .onConflictDoUpdate({
      target: [sendWindows.passId, sendWindows.identityNumber, sendWindows.mobile],
      set: { attemptId: input.attemptId, openUntil: input.openUntil },
      setWhere: lte(sendWindows.openUntil, input.now),
    })
    .returning({ attemptId: sendWindows.attemptId });
  return rows.length === 1;
}

export async function findSendWindow(
  db: Executor,
  input: { passId: number; identityNumber: string; mobile: string },
) {
  const rows = await db
    .select({ openUntil: sendWindows.openUntil })
    .from(sendWindows)
    .where(
      and(
        eq(sendWindows.passId, input.passId),
        eq(sendWindows.identityNumber, input.identityNumber),
        eq(sendWindows.mobile, input.mobile),
      ),
    )
    .limit(1);
  return rows[0] ?? null;
}

/** Frees the window a given attempt holds (provider refusal, cancellation). */
export async function releaseSendWindow(db: Executor, input: { attemptId: string; now: Date }) {
  await db
    .update(sendWindows)
    .set({ openUntil: input.now })
    .where(eq(sendWindows.attemptId, input.attemptId));
}

export async function insertAttempt(db: Executor, values: typeof verificationAttempts.$inferInsert) {
  await db.insert(verificationAttempts).values(values);
}

/** After a successful send: record the provider id and supersede the pass's older pending codes. */
export async function markAttemptSent(
  db: Executor,
  input: { attemptId: string; passId: number; sentAt: Date; providerMessageId: string },
) {
  await db
    .update(verificationAttempts)
    .set({ state: 'sent', providerMessageId: input.providerMessageId })
    .where(and(eq(verificationAttempts.id, input.attemptId), eq(verificationAttempts.state, 'sending')));
  await db
    .update(verificationAttempts)
    .set({ state: 'superseded', resolvedAt: sql`now()` })
    .where(
      and(
        eq(verificationAttempts.passId, input.passId),
        ne(verificationAttempts.id, input.attemptId),
        inArray(verificationAttempts.state, PENDING_STATES),
        lte(verificationAttempts.sentAt, input.sentAt),
      ),
    );
}

/**
 * A provider refusal. Only a code still 'sending' becomes 'send-failed': a late failure must not
 * undo a verification, a cancellation or a supersession. Returns whether the state moved.
 */
export async function markAttemptSendFailed(
  db: Executor,
  input: { attemptId: string; error: string; now: Date },
): Promise<boolean> {
  const rows = await db
    .update(verificationAttempts)
    .set({ state: 'send-failed', providerError: input.error, resolvedAt: input.now })
    .where(and(eq(verificationAttempts.id, input.attemptId), eq(verificationAttempts.state, 'sending')))
    .returning({ id: verificationAttempts.id });
  return rows.length === 1;
}

/**
 * The newest attempt of a triple (public channel) or of a pass (applicant channel), locked
 * for the rest of the transaction so that concurrent confirms queue behind each other. The public
 * channel never sees a code an applicant sent to a changed number (SPEC rule 1).
 */
export async function lockLatestAttempt(
  db: Executor,
  input: { passId: number; identityNumber?: string; mobile?: string; publicOnly?: boolean },
) {
  const rows = await db
    .select()
    .from(verificationAttempts)
    .where(
      and(
        eq(verificationAttempts.passId, input.passId),
        input.identityNumber ? eq(verificationAttempts.identityNumber, input.identityNumber) : undefined,
        input.mobile ? eq(verificationAttempts.mobile, input.mobile) : undefined,
        input.publicOnly ? eq(verificationAttempts.changedMobile, false) : undefined,
      ),
    )
    .orderBy(desc(verificationAttempts.sentAt))
    .limit(1)
    .for('update');
  return rows[0] ?? null;
}

export async function updateAttempt(
  db: Executor,
  input: { attemptId: string; set: Partial<typeof verificationAttempts.$inferInsert> },
) {
  await db.update(verificationAttempts).set(input.set).where(eq(verificationAttempts.id, input.attemptId));
}

/**
 * 已驗證手機號碼 of rule 8, and for a changed number the person record's mobile (rule 5), only
 * where `personCompanyId` maintains it: no company changes a record another company maintains.
 */
export async function recordVerifiedMobile(
  db: Executor,
  input: { passId: number; identityNumber: string; mobile: string; at: Date; updatePerson: boolean; personCompanyId: number },
) {
  await db
    .update(passes)
    .set({ verifiedMobile: input.mobile, verifiedAt: input.at, updatedAt: input.at })
    .where(eq(passes.id, input.passId));
  if (input.updatePerson) {
    await db
      .update(persons)
      .set({ mobile: input.mobile, updatedAt: input.at })
      .where(
        and(
          eq(persons.identityNumber, input.identityNumber),
          eq(persons.companyId, input.personCompanyId),
          isNull(persons.deletedAt),
        ),
      );
  }
}

