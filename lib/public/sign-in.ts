import 'server-only';
import { AuthError } from 'next-auth';
import { getDb } from '@/db';
import { publicAction } from '@/lib/action';
import { signIn } from '@/lib/auth/auth';
import { checkSignInLock } from '@/lib/auth/credentials';
import { signInSchema } from '@/lib/schemas/auth';
import type { SignInState } from './state';

/** The 帳號 as typed, shown again with every answer. */
const typedLogin = (raw: Record<string, string>) => (raw.login ?? '').slice(0, 64);

/**
 * 登入: the lockout is told before the password is tried; Auth.js counts and checks (lib/auth)
 * and sets the session cookie. Served by POST /api/sign-in.
 */
export const answerSignIn = publicAction<typeof signInSchema, SignInState>(
  signInSchema,
  async (input, { raw, ip, i18n }) => {
    const login = typedLogin(raw);
    // Tells a locked-out person when to retry; the binding count happens before the password check.
    const lock = await checkSignInLock(await getDb(), { login: input.login, ip });
    if (!lock.ok)
      return {
        login,
        error: i18n.t('login.locked', { retryAfter: i18n.fmt.dateTime(lock.retryAfter) }),
      };
    try {
      await signIn('credentials', { ...input, redirect: false });
    } catch (error) {
      if (error instanceof AuthError) return { login, error: i18n.t('login.invalid') };
      throw error;
    }
    // The dashboard sends an operator on to the console's second factor.
    return { login, redirectTo: '/dashboard' };
  },
  {
    invalid: (fieldErrors, { raw }) => ({ login: typedLogin(raw), fieldErrors }),
    outage: ({ raw, i18n }) => ({
      login: typedLogin(raw),
      error: i18n.t('refusal.unavailable'),
    }),
  },
);
