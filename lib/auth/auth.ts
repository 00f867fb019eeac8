import crypto from 'node:crypto';
import NextAuth from 'next-auth';
import { cookies, headers } from 'next/headers';
import { cache } from 'react';
import Credentials from 'next-auth/providers/credentials';
import { getDb } from '@/db';
import { endSession, findLiveSession, insertSession } from '@/db/queries/accounts';
import {
  endOperatorSession,
  findLiveOperatorSession,
  insertOperatorSession,
} from '@/db/queries/operators';
import { replacedBy } from '@/db/queries/second-factor';
import { clientIpFrom } from '../client-ip';
import { env } from '../env';
import { logger } from '../logger';
import { getServerSecret } from '../secret';
import { authConfig, SESSION_HOURS } from './auth.config';
import { verifyCredentials, type ApplicantUser, type OperatorUser } from './credentials';
import { PENDING_SECOND_FACTOR_MINUTES } from './second-factor';

export const { handlers, auth, signIn, signOut, unstable_update } = NextAuth(() => ({
  ...authConfig,
  secret: getServerSecret(),
  // Production cookies are always Secure (browsers accept them on http://localhost too);
  // AUTH_COOKIE_SECURE=false is for plain HTTP on another host, never for production.
  useSecureCookies: env.NODE_ENV === 'production' && env.AUTH_COOKIE_SECURE,
  // Auth.js logs failed sign-ins as errors with stack traces; one structured line is enough.
  logger: {
    error: (error: Error) => logger.warn({ auth: error.name }, 'sign-in refused'),
    warn: (code: string) => logger.warn({ auth: code }, 'auth warning'),
    debug: () => {},
  },
  callbacks: {
    ...authConfig.callbacks,
    // Every session read (pages, actions, /api/auth/session) checks the session's row: ended by
    // sign-out, a password reset or disabling, or past 8 h from sign-in, it is no session at all.
    async jwt(params) {
      const token = authConfig.callbacks.jwt(params);
      if (params.user) return token;
      const { applicant, operator } = token;
      let { sessionId } = token;
      if (sessionId && (operator || applicant) && params.trigger === 'update') {
        // The second factor replaced the pending session (rotateSession): the cookie now names
        // the new one, only if it replaced this very session (same user and sign-in). Clients
        // cannot ask for an update at all (app/api/auth/[...nextauth]/route.ts).
        const next = (params.session as { sessionId?: unknown } | undefined)?.sessionId;
        if (typeof next !== 'string') return null;
        const rotated = await replacedBy(await getDb(), {
          ...(operator ? { operatorId: operator.operatorId } : { accountId: applicant!.accountId }),
          pendingId: sessionId,
          nextId: next,
          now: new Date(),
        });
        if (!rotated) return null;
        sessionId = next;
      }
      if (!sessionId) return null;
      if (operator) {
        // An operator's second factor is read from the database on every request, never
        // trusted from the cookie: a password-only sign-in reaches nothing but the TOTP page.
        const live = await findLiveOperatorSession(await getDb(), {
          sessionId,
          operatorId: operator.operatorId,
          now: new Date(),
        });
        if (!live) return null;
        return {
          ...token,
          sessionId,
          operator: {
            ...operator,
            secondFactor: live.secondFactorAt !== null,
            enrolled: live.enrolled,
          },
        };
      }
      if (!applicant) return null;
      // As for operators: whether the second factor is still to come is read from the database
      // on every request, so a password-only sign-in reaches nothing of the dashboard.
      const live = await findLiveSession(await getDb(), {
        sessionId,
        accountId: applicant.accountId,
        now: new Date(),
      });
      if (!live) return null;
      return {
        ...token,
        sessionId,
        applicant: { ...applicant, pending: live.pending, enrolled: live.enrolled },
      };
    },
  },
  events: {
    // Sign-out ends the session server-side: a copied cookie stops working at the next request.
    async signOut(message) {
      const token = 'token' in message ? message.token : undefined;
      const sessionId = token?.sessionId;
      if (!sessionId) return;
      if (token.operator) await endOperatorSession(await getDb(), { sessionId });
      else await endSession(await getDb(), { sessionId });
    },
  },
  providers: [
    Credentials({
      credentials: { login: { label: '帳號' }, password: { label: '密碼', type: 'password' } },
      async authorize(credentials, request) {
        const db = await getDb();
        const result = await verifyCredentials(db, credentials, {
          ip: clientIpFrom(request.headers),
        });
        if (!result.ok) return null;
        const sessionId = crypto.randomUUID();
        if ('operator' in result) {
          // Only a pending step: the console opens after the second factor (lib/auth/second-factor).
          await insertOperatorSession(db, {
            id: sessionId,
            operatorId: result.operator.operatorId,
            expiresAt: new Date(Date.now() + PENDING_SECOND_FACTOR_MINUTES * 60_000),
          });
          return {
            id: `operator:${result.operator.operatorId}`,
            name: result.operator.displayName,
            operator: result.operator,
            sessionId,
          };
        }
        const { applicant } = result;
        // With a second factor (or one its company requires) the password opens only the
        // second-factor step, short-lived like an operator's; without, the dashboard.
        await insertSession(db, {
          id: sessionId,
          accountId: applicant.accountId,
          pending: result.secondFactor,
          expiresAt: new Date(
            Date.now() +
              (result.secondFactor
                ? PENDING_SECOND_FACTOR_MINUTES * 60_000
                : SESSION_HOURS * 3_600_000),
          ),
        });
        return {
          id: String(applicant.accountId),
          name: applicant.displayName,
          applicant,
          sessionId,
        };
      },
    }),
  ],
}));

export interface ApplicantSignIn extends ApplicantUser {
  sessionId: string;
  /** The password only: the sign-in waits for its second factor (a code, or enrolment). */
  pending: boolean;
  /** The account has a second factor (else the second-factor page enrols one). */
  enrolled: boolean;
}

/** The applicant's sign-in, complete or waiting for its second factor, or null. */
export const getApplicantSignIn = cache(async (): Promise<ApplicantSignIn | null> => {
  const session = await auth();
  const applicant = session?.applicant;
  if (!applicant || !session.sessionId) return null;
  return {
    ...applicant,
    sessionId: session.sessionId,
    pending: applicant.pending === true,
    enrolled: applicant.enrolled === true,
  };
});

/**
 * The signed-in applicant past any second factor, or null. Every dashboard page and action
 * starts here (applicantAction), so none can forget to refuse a password-only sign-in; cached
 * per request, so the layout and the page share one session check (the jwt callback's one query).
 */
export const getApplicant = cache(async (): Promise<ApplicantSignIn | null> => {
  const applicant = await getApplicantSignIn();
  return applicant && !applicant.pending ? applicant : null;
});

export interface OperatorSignIn extends OperatorUser {
  sessionId: string;
  /** The second factor is done: the console is open. */
  secondFactor: boolean;
  /** TOTP is enrolled (else the second-factor page enrols it). */
  enrolled: boolean;
}

/** The operator's sign-in, complete or waiting for its second factor, or null. */
export const getOperatorSignIn = cache(async (): Promise<OperatorSignIn | null> => {
  const session = await auth();
  const operator = session?.operator;
  if (!operator || !session.sessionId) return null;
  return {
    ...operator,
    sessionId: session.sessionId,
    secondFactor: operator.secondFactor === true,
    enrolled: operator.enrolled === true,
  };
});

/**
 * The signed-in operator past the second factor, or null: every console page and action starts
 * here and answers 404 to anyone else.
 */
export const getOperator = cache(async (): Promise<OperatorSignIn | null> => {
  const operator = await getOperatorSignIn();
  return operator?.secondFactor ? operator : null;
});

/**
 * Reissues the session cookie (an operator's or an applicant's) for the session that replaced
 * the pending one when the second factor completed (lib/auth/second-factor.ts): the old cookie,
 * wherever a copy of it is, names an ended session.
 */
export async function rotateSession(sessionId: string): Promise<void> {
  await unstable_update({ sessionId });
}

/** The applicant's second-factor step: a code, or enrolment when the company requires one. */
export const APPLICANT_SECOND_FACTOR_PATH = '/login/second-factor';

/**
 * Where a request that cannot see the dashboard belongs (the sign-in page lands on /dashboard):
 * an applicant's pending sign-in to its second factor, an operator to the console or its second
 * factor, anyone else to the login page.
 */
export async function signedInHome(): Promise<string> {
  if ((await getApplicantSignIn())?.pending) return APPLICANT_SECOND_FACTOR_PATH;
  const operator = await getOperatorSignIn();
  if (!operator) return '/login';
  return operator.secondFactor ? '/console' : '/console/second-factor';
}

/**
 * True when this request's server action reissued the session cookie (the second factor). The
 * page rendered with the action's answer reads the session through the request's own Cookie
 * header, which still names the session that action just replaced.
 */
export async function sessionCookieReissued(): Promise<boolean> {
  const sent = new Map(
    ((await headers()).get('cookie') ?? '').split(/;\s*/).map((pair) => {
      const at = pair.indexOf('=');
      return [pair.slice(0, at), pair.slice(at + 1)] as const;
    }),
  );
  return (await cookies())
    .getAll()
    .some(({ name, value }) => name.includes('authjs.session-token') && sent.get(name) !== value);
}
