import * as z from 'zod/mini';
import { normaliseText } from '../values/text';
import { MESSAGES } from './messages';

/** The sign-in form (帳號, 密碼). Pure: the browser checks with it too. */
export const signInSchema = z.object({
  login: z.pipe(
    z.transform((raw: string | undefined) => normaliseText(raw)),
    z.string().check(z.minLength(1, MESSAGES.loginRequired), z.maxLength(64, 'login.invalid')),
  ),
  password: z.pipe(
    z.transform((raw: string | undefined) => (typeof raw === 'string' ? raw : '')),
    z.string().check(z.minLength(1, MESSAGES.passwordRequired), z.maxLength(200, 'login.invalid')),
  ),
});

export type SignInInput = z.output<typeof signInSchema>;
