import type { Logger } from 'pino';
import type { Db } from '@/db/client';
import { logger } from '../server/logger';
import { HOUR_MS, perClient, rateHit } from '../domain/limits';
import type { SmsTransport } from '../sms/transport';

/** What the engine needs from the outside world; the app and the tests each build one. */
export interface EngineDeps {
  db: Db;
  sms: SmsTransport;
  secret: string;
  /** Validity of a code (manual: 24 hours). */
  codeTtlHours: number;
  /** Wrong tries before a code is dead. */
  maxTries: number;
  /** Host for the WebOTP line of the SMS. */
  webOtpHost?: string;
  /** Abuse limits (docs/PRODUCT.md, rule 13); kept in the database. */
  limits: { publicPerIpHour: number; sendsPerPassDay: number; sendsPerCompanyDay: number };
  now?: () => Date;
  /** The request's logger (carries the request id). */
  log?: Logger;
  /** Whom a number-change alert names to call (rule 22); NUMBER_CHANGE_CONTACT by default. */
  alertContact?: string;
  /** Told what happened (metrics, the console's refusal counts): never awaited by the engine. */
  observe?: (event: EngineEvent) => void;
}

/** What the engine reports to its observer (lib/server/metrics.ts counts these). */
export type EngineEvent =
  | { type: 'requested'; channel: 'public' | 'applicant' }
  | {
      type: 'refused';
      channel: 'public' | 'applicant';
      limit: 'client-hour' | 'pass-day' | 'company-day' | 'triple-24h';
    }
  | { type: 'sent'; channel: 'public' | 'applicant'; seconds: number }
  | { type: 'send-failed'; channel: 'public' | 'applicant'; kind: string; seconds: number }
  | { type: 'confirmed'; channel: 'public' | 'applicant'; outcome: string }
  /** A number-change alert handed to the provider, or not (rule 22). */
  | { type: 'alert'; outcome: 'sent'; seconds: number }
  | { type: 'alert'; outcome: 'send-failed'; kind: string; seconds: number };

export const clock = (deps: Pick<EngineDeps, 'now'>): Date => deps.now?.() ?? new Date();
export const logOf = (deps: Pick<EngineDeps, 'log'>): Logger => deps.log ?? logger;

/**
 * Public requests per client, a rate that slides (lib/domain/limits.ts): counts every request, found
 * or not (enumeration guard); an IPv6 /64 is one client.
 */
export const publicClientHit = (deps: EngineDeps, ip: string | null) =>
  ip
    ? rateHit(perClient('public-ip', ip, { max: deps.limits.publicPerIpHour, windowMs: HOUR_MS }))
    : null;
