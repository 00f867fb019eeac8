import type { Db } from '@/db/client';
import { env, smsTransport } from '../env';
import { createLogTransport } from './log';
import { createSnsTransport } from './sns';
import type { SmsTransport } from './transport';

/** The transport chosen by SMS_TRANSPORT (log unless configured). */
export function createConfiguredTransport(db: Db): SmsTransport {
  return smsTransport === 'sns'
    ? createSnsTransport({ timeoutMs: env.SMS_TIMEOUT_MS })
    : createLogTransport(db);
}
