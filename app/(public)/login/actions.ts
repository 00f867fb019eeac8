'use server';

import { headers } from 'next/headers';
import { AuthError } from 'next-auth';
import { getDb } from '@/db';
import { signIn } from '@/lib/auth/auth';
import { checkSignInLock, signInSchema } from '@/lib/auth/credentials';
import { clientIpFrom } from '@/lib/client-ip';
import { formatTaipeiDateTime } from '@/lib/dates';
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
  if (!parsed.success) return { login, fieldErrors: toFieldErrors(parsed.error) };
  const lock = await checkSignInLock(await getDb(), { login: parsed.data.login, ip: clientIpFrom(await headers()) });
  if (!lock.ok) {
    return { login, error: `登入失敗次數過多,已暫時鎖定。請於 ${formatTaipeiDateTime(lock.retryAfter)}(台灣時間)後再試。` };
  }
  try {
    await signIn('credentials', { ...parsed.data, redirectTo: '/dashboard' });
  } catch (error) {
    if (error instanceof AuthError) return { login, error: '帳號或密碼錯誤' };
    throw error; // the redirect to the dashboard
  }
  return { login };
}
