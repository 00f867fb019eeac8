import NextAuth from 'next-auth';
import { cookies, headers } from 'next/headers';
import { RequestCookies } from 'next/dist/server/web/spec-extension/cookies';
import { cache } from 'react';
import Credentials from 'next-auth/providers/credentials';
import * as z from 'zod/mini';
import { getDb } from '@/db';
import { endSession } from '@/db/queries/sessions';
import { clientIpFrom } from '../web/client-ip';
import { env } from '../env';
import { signInSchema } from '../schemas/auth';
import { logger } from '../server/logger';
import { getServerSecret } from '../server/secret';
import { verifyCredentials, type ApplicantUser, type OperatorUser } from './credentials';
import {
  applicantSignInOf,
  dashboardApplicant,
  openSession,
  operatorSignInOf,
  readSession,
  SESSION_HOURS,
  type ApplicantSignIn,
  type OperatorSignIn,
} from './session';

declare module 'next-auth' {
  interface User {
    applicant?: ApplicantUser;
    operator?: OperatorUser;
    sessionId?: string;
  }
  interface Session {
    /** Set from the database on every read: whether the sign-in still waits for its second factor. */
    applicant?: ApplicantUser & { pending?: boolean; enrolled?: boolean };
    operator?: OperatorUser & { pending?: boolean; enrolled?: boolean };
    sessionId?: string;
  }
}

declare module '@auth/core/jwt' {
  interface JWT {
    applicant?: ApplicantUser & { pending?: boolean; enrolled?: boolean };
    operator?: OperatorUser & { pending?: boolean; enrolled?: boolean };
    sessionId?: string;
  }
}

export const { handlers, auth, signIn, signOut, unstable_update } = NextAuth(() => ({
  trustHost: true,
  pages: { signIn: '/login' },
  session: { strategy: 'jwt', maxAge: SESSION_HOURS * 60 * 60 },
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
    // The cookie carries who signed in and the session's id; every later read (pages, actions,
    // /api/auth/session) checks the session's row: ended by sign-out, a password reset or
    // disabling, or past 8 h from sign-in, it is no session at all.
    async jwt({ token, user, ...params }) {
      if (user) {
        const { applicant, operator, sessionId } = user;
        return Object.assign(token, { applicant, operator, sessionId });
      }
      return readSession(
        await getDb(),
        token,
        // An update without a session id opens nothing (null, not undefined).
        params.trigger === 'update'
          ? ((params.session as { sessionId?: unknown } | undefined) ?? null)
          : undefined,
      );
    },
    session: ({ session, token: { applicant, operator, sessionId } }) =>
      Object.assign(session, { applicant, operator, sessionId }),
  },
  events: {
    // Sign-out ends the session server-side: a copied cookie stops working at the next request.
    async signOut(message) {
      const token = 'token' in message ? message.token : undefined;
      const sessionId = token?.sessionId;
      if (!sessionId) return;
      await endSession(await getDb(), { sessionId });
    },
  },
  providers: [
    Credentials({
      credentials: { login: { label: '帳號' }, password: { label: '密碼', type: 'password' } },
      // The sign-in action has parsed the form already; a post straight to Auth.js's own
      // callback route has not, so the credentials are parsed here, at Auth.js's door.
      async authorize(credentials, request) {
        const parsed = z.safeParse(signInSchema, credentials);
        if (!parsed.success) return null;
        const db = await getDb();
        const result = await verifyCredentials(db, parsed.data, {
          ip: clientIpFrom(request.headers),
        });
        return result.ok ? openSession(db, result) : null;
      },
    }),
  ],
}));

export type { ApplicantSignIn, OperatorSignIn } from './session';

/** This request's session: one read of its row however many of the getters below run. */
const currentSession = cache(() => auth());

/** The applicant's sign-in, complete or waiting for its second factor, or null. */
export const getApplicantSignIn = cache(async (): Promise<ApplicantSignIn | null> =>
  applicantSignInOf(await currentSession()),
);

/**
 * The signed-in applicant past any second factor, or null. Every dashboard page and action
 * starts here (applicantAction), so none can forget to refuse a password-only sign-in; cached
 * per request, so the layout and the page share one session check (the jwt callback's one query).
 */
export const getApplicant = cache(async (): Promise<ApplicantSignIn | null> =>
  dashboardApplicant(await getApplicantSignIn()),
);

/** The operator's sign-in, complete or waiting for its second factor, or null. */
export const getOperatorSignIn = cache(async (): Promise<OperatorSignIn | null> =>
  operatorSignInOf(await currentSession()),
);

/**
 * The signed-in operator past the second factor, or null: every console page and action starts
 * here and answers 404 to anyone else.
 */
export const getOperator = cache(async (): Promise<OperatorSignIn | null> => {
  const operator = await getOperatorSignIn();
  return operator && !operator.pending ? operator : null;
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
  return operator.pending ? '/console/second-factor' : '/console';
}

/**
 * True when this request's server action reissued the session cookie (the second factor). The
 * page rendered with the action's answer reads the session through the request's own Cookie
 * header, which still names the session that action just replaced.
 */
export async function sessionCookieReissued(): Promise<boolean> {
  // The Cookie header read by Next's own parser, as cookies() reads it (values URL-decoded), so
  // that only a value this request set differs: a client sending `%41` for `A`, or a bare name,
  // must not look like a reissue (review F2).
  const sent = new RequestCookies(await headers());
  return (await cookies())
    .getAll()
    .some(
      ({ name, value }) => name.includes('authjs.session-token') && sent.get(name)?.value !== value,
    );
}
