'use server';

import { AuthError } from 'next-auth';
import { getDb } from '@/db';
import { guardOutage } from '@/lib/action';
import { signIn } from '@/lib/auth/auth';
import { checkSignInLock, signInSchema } from '@/lib/auth/credentials';
import { getServerI18n } from '@/lib/i18n/server';
import { toFieldErrors } from '@/lib/verification/schema';

export interface SignInState {
  error?: string;
  fieldErrors?: Partial<Record<'login' | 'password', string>>;
  login: string;
}

export async function signInAction(_prev: SignInState, formData: FormData): Promise<SignInState> {
  const input = { login: formData.get('login'), password: formData.get('password') };
  const parsed = signInSchema.safeParse(input);
  const login = typeof input.login === 'string' ? input.login.slice(0, 64) : '';
  const i18n = await getServerI18n();
  if (!parsed.success) return { login, fieldErrors: i18n.fieldErrors(toFieldErrors(parsed.error)) };
  return guardOutage<SignInState>(
    async ({ ip }) => {
      // Tells a locked-out person when to retry; the binding count happens before the password check.
      const lock = await checkSignInLock(await getDb(), { login: parsed.data.login, ip });
      if (!lock.ok) {
        return { login, error: i18n.t('login.locked', { retryAfter: i18n.fmt.dateTime(lock.retryAfter) }) };
      }
      try {
        await signIn('credentials', { ...parsed.data, redirectTo: '/dashboard' });
      } catch (error) {
        if (error instanceof AuthError) return { login, error: i18n.t('login.invalid') };
        throw error; // the redirect to the dashboard
      }
      return { login };
    },
    () => ({ login, error: i18n.t('refusal.unavailable') }),
  );
}
