import { getDb } from '@/db';
import { env } from '../env';
import { recordRefusal } from '../console/refusals';
import { observeEngine } from './metrics';
import { getServerSecret } from './secret';
import { createConfiguredTransport } from '../sms';
import type { EngineDeps } from '../verification/deps';

// Built once per process: the SNS client keeps its connections, nothing is re-read per request.
let shared: Promise<Omit<EngineDeps, 'log'>> | undefined;

async function buildShared(): Promise<Omit<EngineDeps, 'log'>> {
  const db = await getDb();
  return {
    db,
    sms: createConfiguredTransport(db),
    secret: getServerSecret(),
    codeTtlHours: env.CODE_TTL_HOURS,
    maxTries: env.CODE_MAX_TRIES,
    webOtpHost: env.WEBOTP_HOST,
    limits: {
      publicPerIpHour: env.LIMIT_PUBLIC_PER_IP_HOUR,
      sendsPerPassDay: env.LIMIT_SENDS_PER_PASS_DAY,
      sendsPerCompanyDay: env.LIMIT_SENDS_PER_COMPANY_DAY,
    },
    observe: (event) => {
      observeEngine(event);
      if (event.type === 'refused') void recordRefusal(db, event.limit);
    },
  };
}

/** The engine's dependencies as the running app configures them, with the request's logger. */
export async function getEngineDeps(options: { log: EngineDeps['log'] }): Promise<EngineDeps> {
  shared ??= buildShared().catch((error: unknown) => {
    shared = undefined;
    throw error;
  });
  return { ...(await shared), log: options.log };
}
