import { z } from 'zod';
import { normaliseText } from '../text';
import { MESSAGES } from './messages';

/** The sign-in form (帳號, 密碼). */
export const signInSchema = z.object({
  login: z
    .unknown()
    .transform(normaliseText)
    .pipe(z.string().min(1, MESSAGES.loginRequired).max(64, 'login.invalid')),
  password: z
    .unknown()
    .transform((v) => (typeof v === 'string' ? v : ''))
    .pipe(z.string().min(1, MESSAGES.passwordRequired).max(200, 'login.invalid')),
});
