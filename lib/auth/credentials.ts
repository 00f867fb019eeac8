import type { Db } from '@/db/client';
import { findAccountForSignIn } from '@/db/queries/accounts';
import { findOperatorByLogin } from '@/db/queries/operators';
import { env } from '../env';
import { clientKey, maskClient } from '../web/client-ip';
import { countTry, perClient, refundTry, type Limit, type LimitOutcome } from '../domain/limits';
import { logger } from '../server/logger';
import type { SignInInput } from '../schemas/auth';
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

/**
 * Sign-in tries per account and per client (an IPv6 /64 is one client), counted before the
 * password is checked and refunded when it is right: the `max`-th within the window locks for the
 * window from that try (lib/domain/limits.ts).
 */
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
    list.push(perClient('signin-ip', ip, { max: env.LIMIT_SIGNIN_FAILURES_PER_IP, windowMs }));
  return list;
}

// Tries counted by checkSignInLock, each waiting for the password check of the same request
// (Auth.js's authorize calls verifyCredentials, which cannot be handed anything): by login and
// client, the instants they were counted at. Used once, kept a minute at most, in this process
// only; the count itself is in PostgreSQL.
const TICKET_MS = 60_000;
const TICKETS = Symbol.for('port-pass.sign-in-tickets');
const tickets: Map<string, number[]> = ((globalThis as { [TICKETS]?: Map<string, number[]> })[
  TICKETS
] ??= new Map());
const ticketKey = (login: string, ip: string | null) =>
  `${login.toLowerCase()}\n${ip ? clientKey(ip) : ''}`;

function prune(now: Date) {
  for (const [key, list] of tickets) {
    const live = list.filter((at) => now.getTime() - at < TICKET_MS && at <= now.getTime());
    if (live.length) tickets.set(key, live);
    else tickets.delete(key);
  }
}

function takeTicket(login: string, ip: string | null, now: Date): Date | null {
  prune(now);
  const key = ticketKey(login, ip);
  const at = tickets.get(key)?.shift();
  if (tickets.get(key)?.length === 0) tickets.delete(key);
  return at === undefined ? null : new Date(at);
}

/**
 * 登入's first step: counts this try against the sign-in limits now, before the password is
 * checked, and answers a lockout with the time it ends. The password check that follows in the
 * same request (verifyCredentials) uses this count instead of counting again, so a try is
 * refused by a lockout here or not at all: a lock that begins meanwhile cannot turn into
 * "wrong account or password" for a password nobody checked.
 */
export async function checkSignInLock(
  db: Db,
  input: { login: string; ip: string | null; now?: Date },
): Promise<LimitOutcome> {
  const { login } = input;
  const now = input.now ?? new Date();
  const counted = await countTry(db, signInLimits(login, input.ip), now);
  if (!counted.ok) {
    logger.warn(
      { login: maskLogin(login), client: maskClient(input.ip), limit: counted.limit },
      'sign-in locked out',
    );
    return counted;
  }
  prune(now);
  const key = ticketKey(login, input.ip);
  tickets.set(key, [...(tickets.get(key) ?? []), now.getTime()]);
  return counted;
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
  input: SignInInput,
  options: { ip?: string | null; now?: Date } = {},
): Promise<SignInResult> {
  const now = options.now ?? new Date();
  const ip = options.ip ?? null;
  const limits = signInLimits(input.login, ip);
  const who = { login: maskLogin(input.login), client: maskClient(ip) };
  // Counted already by checkSignInLock in this request, or now.
  const ticket = takeTicket(input.login, ip, now);
  const countedAt = ticket ?? now;
  if (!ticket) {
    const counted = await countTry(db, limits, now);
    if (!counted.ok) {
      logger.warn({ ...who, limit: counted.limit }, 'sign-in locked out');
      return { ok: false, reason: 'locked', retryAfter: counted.retryAfter };
    }
  }

  // One sign-in page: a login names an applicant account or an operator, never both (ops checks).
  const account = await findAccountForSignIn(db, { login: input.login });
  const operator = account ? null : await findOperatorByLogin(db, { login: input.login });
  const user = account ?? operator;
  const matches = await checkPassword(input.password, user?.passwordHash ?? dummy());
  if (!user || !matches || user.disabledAt) {
    logger.warn(who, 'sign-in failed');
    return { ok: false, reason: 'invalid' };
  }
  await refundTry(db, limits, countedAt);
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
