import NextAuth from 'next-auth';
import { cache } from 'react';
import Credentials from 'next-auth/providers/credentials';
import { getDb } from '@/db';
import { isAccountActive } from '@/db/queries/ops';
import { clientIpFrom } from '../client-ip';
import { logger } from '../logger';
import { getServerSecret } from '../secret';
import { authConfig } from './auth.config';
import { verifyCredentials, type ApplicantUser } from './credentials';

export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  ...authConfig,
  secret: getServerSecret(),
  // Auth.js logs failed sign-ins as errors with stack traces; one structured line is enough.
  logger: {
    error: (error: Error) => logger.warn({ auth: error.name }, 'sign-in refused'),
    warn: (code: string) => logger.warn({ auth: code }, 'auth warning'),
    debug: () => {},
  },
  providers: [
    Credentials({
      credentials: { login: { label: '帳號' }, password: { label: '密碼', type: 'password' } },
      async authorize(credentials, request) {
        const result = await verifyCredentials(await getDb(), credentials, { ip: clientIpFrom(request.headers) });
        if (!result.ok) return null;
        const { applicant } = result;
        return { id: String(applicant.accountId), name: applicant.displayName, applicant };
      },
    }),
  ],
}));

/**
 * The signed-in applicant, or null. Every dashboard page and action starts here; cached per
 * request, so the layout and the page share one session check and one account lookup.
 */
export const getApplicant = cache(async (): Promise<ApplicantUser | null> => {
  const session = (await auth()) as { applicant?: ApplicantUser } | null;
  const applicant = session?.applicant;
  if (!applicant) return null;
  // A disabled account loses its session at once, not when the cookie expires.
  return (await isAccountActive(await getDb(), { accountId: applicant.accountId })) ? applicant : null;
});
