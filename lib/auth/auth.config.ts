import type { NextAuthConfig } from 'next-auth';
import type { ApplicantUser } from './credentials';

declare module 'next-auth' {
  interface User {
    applicant?: ApplicantUser;
    sessionId?: string;
  }
  interface Session {
    applicant?: ApplicantUser;
    sessionId?: string;
  }
}

declare module '@auth/core/jwt' {
  interface JWT {
    applicant?: ApplicantUser;
    sessionId?: string;
  }
}

/** A session's absolute lifetime from sign-in (SPEC, sessions). */
export const SESSION_HOURS = 8;

/** The parts of the Auth.js configuration that need no database (usable from proxy.ts). */
export const authConfig = {
  trustHost: true,
  pages: { signIn: '/login' },
  session: { strategy: 'jwt', maxAge: SESSION_HOURS * 60 * 60 },
  providers: [],
  callbacks: {
    jwt({ token, user }) {
      if (user) Object.assign(token, { applicant: user.applicant, sessionId: user.sessionId });
      return token;
    },
    session({ session, token }) {
      return Object.assign(session, { applicant: token.applicant, sessionId: token.sessionId });
    },
  },
} satisfies NextAuthConfig;
