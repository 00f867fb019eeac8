import { z } from 'zod';
import type { Db } from '@/db/client';
import { findAccountForSignIn } from '@/db/queries/accounts';
import { normaliseText } from '../text';
import { checkPassword, hashPassword } from './password';

export const signInSchema = z.object({
  login: z.unknown().transform(normaliseText).pipe(z.string().min(1, '請輸入帳號').max(64, '帳號或密碼錯誤')),
  password: z.unknown().transform((v) => (typeof v === 'string' ? v : '')).pipe(
    z.string().min(1, '請輸入密碼').max(200, '帳號或密碼錯誤'),
  ),
});

export interface ApplicantUser {
  accountId: number;
  login: string;
  displayName: string;
  companyId: number;
  companyName: string;
}

// Compared against when the login is unknown, so both paths take the same time.
const DUMMY_HASH = hashPassword('not-a-password');

/** Checks a login and password; null for any failure (one generic message for all). */
export async function verifyCredentials(db: Db, input: unknown): Promise<ApplicantUser | null> {
  const parsed = signInSchema.safeParse(input);
  if (!parsed.success) return null;
  const account = await findAccountForSignIn(db, { login: parsed.data.login });
  const matches = await checkPassword(parsed.data.password, account?.passwordHash ?? DUMMY_HASH);
  if (!account || !matches || account.disabledAt) return null;
  return {
    accountId: account.id,
    login: account.login,
    displayName: account.displayName,
    companyId: account.companyId,
    companyName: account.companyName,
  };
}
