import type { NextAuthConfig } from 'next-auth';

/** The parts of the Auth.js configuration that need no database (usable from proxy.ts). */
export const authConfig = {
  trustHost: true,
  pages: { signIn: '/login' },
  session: { strategy: 'jwt', maxAge: 8 * 60 * 60 },
  providers: [],
  callbacks: {
    jwt({ token, user }) {
      if (user) Object.assign(token, { applicant: (user as { applicant?: unknown }).applicant });
      return token;
    },
    session({ session, token }) {
      return Object.assign(session, { applicant: token.applicant });
    },
  },
} satisfies NextAuthConfig;
