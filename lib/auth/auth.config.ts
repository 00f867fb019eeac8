import type { NextAuthConfig } from 'next-auth';
import type { ApplicantUser, OperatorUser } from './credentials';

declare module 'next-auth' {
  interface User {
    applicant?: ApplicantUser;
    operator?: OperatorUser;
    sessionId?: string;
  }
  interface Session {
    /** Set from the database on every read: whether the sign-in still waits for its second factor. */
    applicant?: ApplicantUser & { pending?: boolean; enrolled?: boolean };
    /** Set from the database on every read: whether the operator's second factor is done. */
    operator?: OperatorUser & { secondFactor?: boolean; enrolled?: boolean };
    sessionId?: string;
  }
}

declare module '@auth/core/jwt' {
  interface JWT {
    applicant?: ApplicantUser & { pending?: boolean; enrolled?: boolean };
    operator?: OperatorUser & { secondFactor?: boolean; enrolled?: boolean };
    sessionId?: string;
  }
}

/** A session's absolute lifetime from sign-in (docs/PRODUCT.md, rule 14). */
export const SESSION_HOURS = 8;

/** The parts of the Auth.js configuration that need no database (usable from proxy.ts). */
export const authConfig = {
  trustHost: true,
  pages: { signIn: '/login' },
  session: { strategy: 'jwt', maxAge: SESSION_HOURS * 60 * 60 },
  providers: [],
  callbacks: {
    jwt({ token, user }) {
      if (user)
        Object.assign(token, {
          applicant: user.applicant,
          operator: user.operator,
          sessionId: user.sessionId,
        });
      return token;
    },
    session({ session, token }) {
      return Object.assign(session, {
        applicant: token.applicant,
        operator: token.operator,
        sessionId: token.sessionId,
      });
    },
  },
} satisfies NextAuthConfig;
