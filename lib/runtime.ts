import { getDb } from '@/db';
import { env } from './env';
import { getServerSecret } from './secret';
import { createConfiguredTransport } from './sms';
import type { VerificationDeps } from './verification/deps';

/** The engine's dependencies as the running app configures them. */
export async function getVerificationDeps(options: { log?: VerificationDeps['log'] } = {}): Promise<VerificationDeps> {
  const db = await getDb();
  return {
    db,
    sms: createConfiguredTransport(db),
    secret: getServerSecret(),
    codeTtlHours: env.CODE_TTL_HOURS,
    maxTries: env.CODE_MAX_TRIES,
    webOtpHost: env.WEBOTP_HOST,
    log: options.log,
    limits: {
      publicPerIpHour: env.LIMIT_PUBLIC_PER_IP_HOUR,
      sendsPerPassDay: env.LIMIT_SENDS_PER_PASS_DAY,
      sendsPerCompanyDay: env.LIMIT_SENDS_PER_COMPANY_DAY,
    },
  };
}
