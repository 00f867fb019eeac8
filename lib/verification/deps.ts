import type { Db } from '@/db/client';
import type { SmsTransport } from '../sms/transport';

/** What the engine needs from the outside world; the app and the tests each build one. */
export interface VerificationDeps {
  db: Db;
  sms: SmsTransport;
  secret: string;
  /** Validity of a code (manual: 24 hours). */
  codeTtlHours: number;
  /** Wrong tries before a code is dead. */
  maxTries: number;
  /** Host for the WebOTP line of the SMS. */
  webOtpHost?: string;
  now?: () => Date;
}

export const clock = (deps: VerificationDeps): Date => deps.now?.() ?? new Date();
