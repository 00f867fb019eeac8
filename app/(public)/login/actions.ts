'use server';

import { AuthError } from 'next-auth';
import { signIn } from '@/lib/auth/auth';
import { signInSchema } from '@/lib/auth/credentials';
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
  try {
    await signIn('credentials', { ...parsed.data, redirectTo: '/dashboard' });
  } catch (error) {
    if (error instanceof AuthError) return { login, error: '帳號或密碼錯誤' };
    throw error; // the redirect to the dashboard
  }
  return { login };
}
