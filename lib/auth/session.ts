import crypto from 'node:crypto';
import type { JWT } from '@auth/core/jwt';
import type { User } from 'next-auth';
import type { Db } from '@/db/client';
import { replacedBy } from '@/db/queries/second-factor';
import { findLiveSession, insertSession, type UserRef } from '@/db/queries/sessions';
import type { ApplicantUser, OperatorUser, SignInResult } from './credentials';

// The session rules Auth.js runs (lib/auth/auth.ts wires them): what a right password opens,
// what a cookie still names on each request, and who may see the dashboard. Nothing here
// imports Next, so the integration tests run the very functions the service does.

/** A session's absolute lifetime from sign-in (docs/PRODUCT.md, rule 14). */
export const SESSION_HOURS = 8;

/** How long the password step waits for the second factor. */
export const PENDING_SECOND_FACTOR_MINUTES = 10;

/**
 * The session a right password opens. An operator's, and an applicant's with a second factor (or
 * one its company requires), is only pending: short-lived, it reaches nothing but the
 * second-factor step. Other applicants get the dashboard's 8 hours at once.
 */
export async function openSession(
  db: Db,
  result: Extract<SignInResult, { ok: true }>,
): Promise<User & { sessionId: string }> {
  const now = new Date();
  const sessionId = crypto.randomUUID();
  const pendingUntil = new Date(now.getTime() + PENDING_SECOND_FACTOR_MINUTES * 60_000);
  if ('operator' in result) {
    const { operator } = result;
    await insertSession(db, {
      id: sessionId,
      operatorId: operator.operatorId,
      pending: true,
      expiresAt: pendingUntil,
    });
    return {
      id: `operator:${operator.operatorId}`,
      name: operator.displayName,
      operator,
      sessionId,
    };
  }
  const { applicant, secondFactor } = result;
  await insertSession(db, {
    id: sessionId,
    accountId: applicant.accountId,
    pending: secondFactor,
    expiresAt: secondFactor ? pendingUntil : new Date(now.getTime() + SESSION_HOURS * 3_600_000),
  });
  return { id: String(applicant.accountId), name: applicant.displayName, applicant, sessionId };
}

/**
 * A cookie's session as of this request, or null: its row must be live (not ended by sign-out, a
 * password or second-factor reset, disabling; not past its lifetime), and whether the second
 * factor is done is read from the row, never trusted from the cookie. `update` is the server's
 * own session update when a second factor replaced the pending session (rotateSession): the
 * cookie may then name the new row, only if it replaced this very session (same user, same
 * sign-in). Clients cannot ask for an update at all (app/api/auth/[...nextauth]/route.ts).
 */
export async function readSession(
  db: Db,
  token: JWT,
  update?: { sessionId?: unknown } | null,
  now = new Date(),
): Promise<JWT | null> {
  const { applicant, operator } = token;
  let { sessionId } = token;
  if (!sessionId || !(operator || applicant)) return null;
  const user: UserRef = operator
    ? { operatorId: operator.operatorId }
    : { accountId: applicant!.accountId };
  if (update !== undefined) {
    const next = update?.sessionId;
    if (typeof next !== 'string') return null;
    const rotated = await replacedBy(db, {
      ...user,
      pendingId: sessionId,
      nextId: next,
      now,
    });
    if (!rotated) return null;
    sessionId = next;
  }
  const live = await findLiveSession(db, { ...user, sessionId, now });
  if (!live) return null;
  const state = { pending: live.pending, enrolled: live.enrolled };
  return operator
    ? { ...token, sessionId, operator: { ...operator, ...state } }
    : { ...token, sessionId, applicant: { ...applicant!, ...state } };
}

/** A sign-in as a session holds it, for either kind of user. */
interface SignInState {
  sessionId: string;
  /** The password only: the sign-in waits for its second factor (a code, or enrolment). */
  pending: boolean;
  /** The user has a second factor (else the second-factor page enrols one). */
  enrolled: boolean;
}

export type ApplicantSignIn = ApplicantUser & SignInState;
export type OperatorSignIn = OperatorUser & SignInState;

type SessionLike = Pick<JWT, 'applicant' | 'operator' | 'sessionId'> | null | undefined;

function signInOf<U extends object>(
  user: (U & { pending?: boolean; enrolled?: boolean }) | undefined,
  sessionId: string | undefined,
): (U & SignInState) | null {
  if (!user || !sessionId) return null;
  return { ...user, sessionId, pending: user.pending === true, enrolled: user.enrolled === true };
}

/** The applicant's sign-in a session holds, complete or pending its second factor, or null. */
export const applicantSignInOf = (session: SessionLike): ApplicantSignIn | null =>
  signInOf<ApplicantUser>(session?.applicant, session?.sessionId);

/**
 * Who may see the dashboard and run its actions: an applicant past any second factor. A
 * password-only sign-in is no applicant at all here (getApplicant, applicantAction).
 */
export const dashboardApplicant = (signIn: ApplicantSignIn | null): ApplicantSignIn | null =>
  signIn && !signIn.pending ? signIn : null;

/** The operator's sign-in a session holds, complete or pending its second factor, or null. */
export const operatorSignInOf = (session: SessionLike): OperatorSignIn | null =>
  signInOf<OperatorUser>(session?.operator, session?.sessionId);
