'use server';

import { AuthError } from 'next-auth';
import { getDb } from '@/db';
import { publicAction } from '@/lib/web/action';
import { signIn } from '@/lib/auth/auth';
import { checkSignInLock } from '@/lib/auth/credentials';
import { signInSchema } from '@/lib/schemas/auth';
import type { SignInState } from '@/app/(public)/state';

/** The 帳號 as typed, shown again with every answer. */
const typed = (raw: Record<string, string>) => ({ login: (raw.login ?? '').slice(0, 64) });

/**
 * 登入: the try is counted here (checkSignInLock), and a lockout told before the password is
 * tried; Auth.js then checks the password with that count (lib/auth), sets the session cookie and
 * redirects to the dashboard (which sends an operator on to the console's second factor).
 */
export const signInAction = publicAction<typeof signInSchema, SignInState>(
  signInSchema,
  async (input, { raw, ip, i18n }) => {
    const values = typed(raw);
    // Tells a locked-out person when to retry; the binding count happens before the password check.
    const lock = await checkSignInLock(await getDb(), { login: input.login, ip });
    if (!lock.ok)
      return {
        values,
        error: i18n.t('login.locked', { retryAfter: i18n.fmt.dateTime(lock.retryAfter) }),
      };
    try {
      await signIn('credentials', { ...input, redirectTo: '/dashboard' });
    } catch (error) {
      if (error instanceof AuthError) return { values, error: i18n.t('login.invalid') };
      throw error; // the redirect to the dashboard
    }
    return { values };
  },
  {
    invalid: (fieldErrors, { raw }) => ({ values: typed(raw), fieldErrors }),
    outage: ({ raw, i18n }) => ({
      values: typed(raw),
      error: i18n.t('refusal.unavailable'),
    }),
  },
);
