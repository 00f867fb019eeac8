import * as z from 'zod/mini';
import type { Db } from '@/db/client';
import { findAccountForSignIn } from '@/db/queries/accounts';
import { findOperatorByLogin } from '@/db/queries/operators';
import { env } from '../env';
import { maskClient } from '../client-ip';
import { checkLimits, consumeLimits, refundLimits, type Limit } from '../limits';
import { logger } from '../logger';
import { signInSchema } from '../schemas/auth';
import { normaliseText } from '../text';
import { checkPassword, hashPassword } from './password';

export interface ApplicantUser {
  accountId: number;
  login: string;
  displayName: string;
  companyId: number;
  companyName: string;
}

/** An operator after the password: the console opens only after the second factor. */
export interface OperatorUser {
  operatorId: number;
  login: string;
  displayName: string;
}

export type SignInResult =
  /** `secondFactor`: the password opens only the second-factor step (a code, or enrolment). */
  | { ok: true; applicant: ApplicantUser; secondFactor: boolean }
  | { ok: true; operator: OperatorUser }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'locked'; retryAfter: Date };

// Compared against when the login is unknown, so both paths take the same time. Made on first
// use: a bcrypt hash at import would slow every start-up and test file.
let dummyHash: string | undefined;
const dummy = () => (dummyHash ??= hashPassword('not-a-password'));

/** Failed sign-ins per account and per client IP, before a temporary lockout. */
function signInLimits(login: string, ip: string | null): Limit[] {
  const windowMs = env.SIGNIN_LOCK_MINUTES * 60_000;
  const list: Limit[] = [
    {
      name: 'signin-account',
      key: login.toLowerCase(),
      max: env.LIMIT_SIGNIN_FAILURES_PER_ACCOUNT,
      windowMs,
    },
  ];
  if (ip)
    list.push({ name: 'signin-ip', key: ip, max: env.LIMIT_SIGNIN_FAILURES_PER_IP, windowMs });
  return list;
}

/** Whether sign-in is locked for this login or IP, without counting. */
export async function checkSignInLock(
  db: Db,
  input: { login: unknown; ip: string | null; now?: Date },
) {
  const login = normaliseText(input.login).slice(0, 64);
  if (!login) return { ok: true } as const;
  return checkLimits(db, signInLimits(login, input.ip), input.now ?? new Date());
}

/** A login name for logs: enough to recognise, not to reuse (de***). */
export const maskLogin = (login: string): string => `${login.slice(0, 2)}***`;

/**
 * Checks a login and password. Every failure looks the same to the caller, except a lockout.
 * The try is counted atomically before the password is checked, and refunded only on success:
 * a burst of concurrent guesses checks no more passwords than the limit allows.
 */
export async function verifyCredentials(
  db: Db,
  input: unknown,
  options: { ip?: string | null; now?: Date } = {},
): Promise<SignInResult> {
  const parsed = z.safeParse(signInSchema, input);
  if (!parsed.success) return { ok: false, reason: 'invalid' };
  const now = options.now ?? new Date();
  const limits = signInLimits(parsed.data.login, options.ip ?? null);
  const who = { login: maskLogin(parsed.data.login), client: maskClient(options.ip) };
  const counted = await consumeLimits(db, limits, now);
  if (!counted.ok) {
    logger.warn({ ...who, limit: counted.limit }, 'sign-in locked out');
    return { ok: false, reason: 'locked', retryAfter: counted.retryAfter };
  }

  // One sign-in page: a login names an applicant account or an operator, never both (ops checks).
  const account = await findAccountForSignIn(db, { login: parsed.data.login });
  const operator = account ? null : await findOperatorByLogin(db, { login: parsed.data.login });
  const user = account ?? operator;
  const matches = await checkPassword(parsed.data.password, user?.passwordHash ?? dummy());
  if (!user || !matches || user.disabledAt) {
    logger.warn(who, 'sign-in failed');
    return { ok: false, reason: 'invalid' };
  }
  await refundLimits(db, limits, now);
  if (operator)
    return {
      ok: true,
      operator: {
        operatorId: operator.id,
        login: operator.login,
        displayName: operator.displayName,
      },
    };
  return {
    ok: true,
    applicant: {
      accountId: account!.id,
      login: account!.login,
      displayName: account!.displayName,
      companyId: account!.companyId,
      companyName: account!.companyName,
    },
    secondFactor: account!.needsSecondFactor,
  };
}
