import crypto from 'node:crypto';
import type { Db, Tx } from '@/db/client';
import { accountActor, consoleActor, insertAudit } from '@/db/queries/audit';
import {
  claimTotpStep,
  completeSecondFactor,
  ensureEnrolmentSecret,
  findFactorUser,
  markTotpEnrolled,
  replaceRecoveryCodes,
  redeemRecoveryCode,
  type FactorUser,
} from '@/db/queries/second-factor';
import {
  endSessionsOf,
  findLiveSession,
  kindOf,
  refOnly,
  type UserKind,
  type UserRef,
} from '@/db/queries/sessions';
import { env } from '../env';
import { countTry, refundTry, type Limit } from '../domain/limits';
import { logger } from '../server/logger';
import { SESSION_HOURS } from './session';
import {
  generateRecoveryCodes,
  generateTotpSecret,
  hashRecoveryCode,
  looksLikeRecoveryCode,
  matchTotpStep,
} from './totp';

export type SecondFactorResult =
  /** `sessionId`: the session that replaces the pending one (its cookie must be reissued). */
  | { ok: true; sessionId: string; recoveryCodes?: string[] }
  | { ok: false; reason: 'invalid' | 'replayed' | 'session-ended' }
  | { ok: false; reason: 'locked'; retryAfter: Date };

export type EnrolResult =
  | { ok: true; recoveryCodes: string[] }
  | { ok: false; reason: 'invalid' | 'replayed' | 'session-ended' | 'enrolled' }
  | { ok: false; reason: 'locked'; retryAfter: Date };

/**
 * Who did it and to whom, in the audit log, as each kind's other events say it: the operator's
 * own row, the account's row by login (as the operators' account changes name it).
 */
const auditNames = (kind: UserKind, user: FactorUser) =>
  kind === 'operator'
    ? { actor: consoleActor(user.login), subject: `operator:${user.id}` }
    : { actor: accountActor(user.id), subject: `account:${user.login}` };

/** Wrong second-factor codes per user before a lockout, as for passwords. */
const secondFactorLimits = (kind: UserKind, userId: number): Limit[] => [
  {
    name: kind === 'operator' ? 'totp-operator' : 'totp-account',
    key: String(userId),
    max: env.LIMIT_SIGNIN_FAILURES_PER_ACCOUNT,
    windowMs: env.SIGNIN_LOCK_MINUTES * 60_000,
  },
];

/**
 * The secret being enrolled on the second-factor page (one is made on the first visit and kept
 * until the first code confirms it), or null once the user is enrolled.
 */
export async function enrolmentSecret(db: Db, owner: UserRef) {
  return ensureEnrolmentSecret(db, { ...owner, secret: generateTotpSecret() });
}

type CodeCheck =
  | { ok: true; method: 'totp' | 'recovery-code'; recoveryCodes?: string[] }
  | { ok: false; reason: 'invalid' | 'replayed' };

/**
 * One code, inside the caller's transaction: a TOTP code (its time step claimed once, in the
 * database, so a replay fails on every instance) or, once enrolled, an unused recovery code. The
 * first right TOTP code of an enrolment marks it enrolled and makes the recovery codes, returned
 * to be shown once and stored hashed.
 */
async function checkCode(
  tx: Tx,
  input: { owner: UserRef; user: FactorUser; code: string; now: Date },
): Promise<CodeCheck> {
  const { owner, user, code, now } = input;
  if (user.enrolled && looksLikeRecoveryCode(code)) {
    const used = await redeemRecoveryCode(tx, { ...owner, codeHash: hashRecoveryCode(code), now });
    return used ? { ok: true, method: 'recovery-code' } : { ok: false, reason: 'invalid' };
  }
  const step = matchTotpStep(user.secret!, code, now);
  if (step === null) return { ok: false, reason: 'invalid' };
  if (!(await claimTotpStep(tx, { ...owner, step }))) return { ok: false, reason: 'replayed' };
  if (user.enrolled) return { ok: true, method: 'totp' };
  // A first code of a later step from another tab may have enrolled it meanwhile: that one
  // showed the recovery codes, which must stay the valid ones.
  if (!(await markTotpEnrolled(tx, { ...owner, now }))) return { ok: true, method: 'totp' };
  const recoveryCodes = generateRecoveryCodes();
  await replaceRecoveryCodes(tx, { ...owner, codeHashes: recoveryCodes.map(hashRecoveryCode) });
  return { ok: true, method: 'totp', recoveryCodes };
}

/** What a code's try found: the user and the session the code was typed in. */
interface CodeTry {
  user: FactorUser;
  session: { pending: boolean; enrolled: boolean } | null;
}

/**
 * One try of a second-factor code, as both steps count it: the try is counted before anything is
 * checked (refused while locked), the user and the session are read, `body` decides, and a
 * success refunds the try while a refusal is logged.
 */
async function tryCode<R extends SecondFactorResult | EnrolResult>(
  db: Db,
  input: { owner: UserRef; sessionId: string; now: Date },
  body: (found: CodeTry) => Promise<R>,
): Promise<
  R | { ok: false; reason: 'locked'; retryAfter: Date } | { ok: false; reason: 'session-ended' }
> {
  const { owner, now } = input;
  const { kind, userId } = kindOf(owner);
  const limits = secondFactorLimits(kind, userId);
  const counted = await countTry(db, limits, now);
  if (!counted.ok) return { ok: false, reason: 'locked', retryAfter: counted.retryAfter };
  const [user, session] = await Promise.all([
    findFactorUser(db, owner),
    findLiveSession(db, { ...owner, sessionId: input.sessionId, now }),
  ]);
  if (!user) return { ok: false, reason: 'session-ended' };
  const result = await body({ user, session });
  if (result.ok) await refundTry(db, limits, now);
  else logger.warn({ [kind]: user.login, reason: result.reason }, 'second factor refused');
  return result;
}

/**
 * The second factor of a pending sign-in (an operator's, or an applicant's with a factor or
 * whose company requires one): a TOTP code or, once enrolled, a recovery code. The try is
 * counted before the code is checked. The first right code after enrolment also returns the
 * recovery codes, shown once and stored hashed. A right code ends the pending session and opens
 * a new one: its id goes only to the browser that entered the code.
 */
export async function verifySecondFactor(
  db: Db,
  input: UserRef & { sessionId: string; code: string; now?: Date },
): Promise<SecondFactorResult> {
  const owner = refOnly(input);
  const { kind } = kindOf(owner);
  const now = input.now ?? new Date();
  return tryCode(db, { owner, sessionId: input.sessionId, now }, async ({ user, session }) => {
    if (!user.secret || !session?.pending) return { ok: false, reason: 'session-ended' } as const;
    return db
      .transaction(async (tx): Promise<SecondFactorResult> => {
        const checked = await checkCode(tx, { owner, user, code: input.code, now });
        if (!checked.ok) return checked;
        const sessionId = crypto.randomUUID();
        const completed = await completeSecondFactor(tx, {
          ...owner,
          sessionId: input.sessionId,
          newSessionId: sessionId,
          now,
          hours: SESSION_HOURS,
        });
        // Thrown, not returned: the claimed step and a new enrolment roll back with it (an
        // enrolment whose recovery codes were never shown must not stand).
        if (!completed) throw new SessionEnded();
        await insertAudit(tx, {
          ...auditNames(kind, user),
          action: `${kind === 'operator' ? 'operator' : 'account'}.${user.enrolled ? 'sign-in' : 'enrol-totp'}`,
          details: { method: checked.method },
        });
        return { ok: true, sessionId, recoveryCodes: checked.recoveryCodes };
      })
      .catch((error: unknown) => {
        if (error instanceof SessionEnded) return { ok: false, reason: 'session-ended' } as const;
        throw error;
      });
  });
}

class SessionEnded extends Error {}

/**
 * An applicant turns a second factor on from a signed-in (full) session, on the account page:
 * the first right code of the secret shown there enrols it and returns the recovery codes, shown
 * once. Counted against the same lock as a sign-in's code. The account's other sessions end: a
 * factor turned on because the password may have leaked must not leave a stranger signed in.
 */
export async function enrolSecondFactor(
  db: Db,
  input: { sessionId: string; accountId: number; code: string },
): Promise<EnrolResult> {
  const owner = { accountId: input.accountId };
  const now = new Date();
  return tryCode(db, { owner, sessionId: input.sessionId, now }, async ({ user, session }) => {
    if (!session || session.pending) return { ok: false, reason: 'session-ended' } as const;
    if (user.enrolled || !user.secret) return { ok: false, reason: 'enrolled' } as const;
    return db.transaction(async (tx): Promise<EnrolResult> => {
      // Only a TOTP code of the new secret: recovery codes do not exist yet.
      const checked = await checkCode(tx, { owner, user, code: input.code, now });
      if (!checked.ok) return checked;
      if (!checked.recoveryCodes) return { ok: false, reason: 'enrolled' };
      await endSessionsOf(tx, { ...owner, except: input.sessionId });
      await insertAudit(tx, {
        ...auditNames('applicant', user),
        action: 'account.enrol-totp',
        details: { method: checked.method, from: 'account-page' },
      });
      return { ok: true, recoveryCodes: checked.recoveryCodes };
    });
  });
}
