import crypto from 'node:crypto';
import NextAuth from 'next-auth';
import { cache } from 'react';
import Credentials from 'next-auth/providers/credentials';
import { getDb } from '@/db';
import { endSession, insertSession, isSessionLive } from '@/db/queries/accounts';
import { clientIpFrom } from '../client-ip';
import { env } from '../env';
import { logger } from '../logger';
import { getServerSecret } from '../secret';
import { authConfig, SESSION_HOURS } from './auth.config';
import { verifyCredentials, type ApplicantUser } from './credentials';

export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
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
      const { sessionId, applicant } = token;
      if (!sessionId || !applicant) return null;
      const live = await isSessionLive(await getDb(), {
        sessionId,
        accountId: applicant.accountId,
        now: new Date(),
      });
      return live ? token : null;
    },
  },
  events: {
    // Sign-out ends the session server-side: a copied cookie stops working at the next request.
    async signOut(message) {
      const sessionId = 'token' in message ? message.token?.sessionId : undefined;
      if (sessionId) await endSession(await getDb(), { sessionId });
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
        const { applicant } = result;
        const sessionId = crypto.randomUUID();
        await insertSession(db, {
          id: sessionId,
          accountId: applicant.accountId,
          expiresAt: new Date(Date.now() + SESSION_HOURS * 3_600_000),
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

/**
 * The signed-in applicant, or null. Every dashboard page and action starts here; cached per
 * request, so the layout and the page share one session check (the jwt callback's one query).
 */
export const getApplicant = cache(
  async (): Promise<ApplicantUser | null> => (await auth())?.applicant ?? null,
);
