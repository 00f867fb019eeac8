'use server';

import { AuthError } from 'next-auth';
import { getDb } from '@/db';
import { publicAction } from '@/lib/action';
import { signIn } from '@/lib/auth/auth';
import { checkSignInLock } from '@/lib/auth/credentials';
import { signInSchema } from '@/lib/schemas/auth';

export interface SignInState {
  error?: string;
  fieldErrors?: Partial<Record<'login' | 'password', string>>;
  login: string;
  nonce: number;
}

/** 登入: the lockout is told before the password is tried; Auth.js counts and checks (lib/auth). */
export const signInAction = publicAction<typeof signInSchema, SignInState>(
  signInSchema,
  async (input, { raw, ip, i18n }) => {
    const login = (raw.login ?? '').slice(0, 64);
    // Tells a locked-out person when to retry; the binding count happens before the password check.
    const lock = await checkSignInLock(await getDb(), { login: input.login, ip });
    if (!lock.ok)
      return {
        login,
        error: i18n.t('login.locked', { retryAfter: i18n.fmt.dateTime(lock.retryAfter) }),
      };
    try {
      await signIn('credentials', { ...input, redirectTo: '/dashboard' });
    } catch (error) {
      if (error instanceof AuthError) return { login, error: i18n.t('login.invalid') };
      throw error; // the redirect to the dashboard
    }
    return { login };
  },
  {
    invalid: (fieldErrors, { raw }) => ({ login: (raw.login ?? '').slice(0, 64), fieldErrors }),
    outage: ({ raw, i18n }) => ({
      login: (raw.login ?? '').slice(0, 64),
      error: i18n.t('refusal.unavailable'),
    }),
  },
);
