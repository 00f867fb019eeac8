import * as z from 'zod/mini';
import { ALERT_CONTACT_MAX, hasCodeLikeDigits } from './sms/message';

/** 'true' or 'false' as a boolean. */
const flag = (fallback: 'true' | 'false') =>
  z.pipe(
    z._default(z.enum(['true', 'false']), fallback),
    z.transform((v) => v === 'true'),
  );

/** A whole number above zero, with its default. */
const count = (fallback: number) =>
  z._default(z.coerce.number().check(z.int(), z.positive()), fallback);

/** An optional setting, where an empty value (`VAR=`) means unset. */
const optional = <T extends z.ZodMiniType<string, string>>(schema: T) =>
  z.union([
    z.optional(schema),
    z.pipe(
      z.literal(''),
      z.transform(() => undefined),
    ),
  ]);

// Every environment variable the service reads, parsed once. Nothing else reads process.env,
// but for instrumentation.ts's NEXT_RUNTIME, which Next sets to say which runtime is starting.
const schema = z.object({
  NODE_ENV: z._default(z.enum(['development', 'production', 'test']), 'development'),
  DATABASE_URL: optional(z.url()),
  /**
   * 'false' behind a transaction-pooling PgBouncer (before 1.21 it cannot keep prepared
   * statements across transactions): postgres.js then sends every query unprepared.
   */
  DATABASE_PREPARE: flag('true'),
  PGLITE_DIR: z._default(z.string(), '.data/pglite'),
  DATA_DIR: z._default(z.string(), '.data'),
  AUTH_SECRET: optional(z.string().check(z.minLength(32))),
  /** Load the demo data into an empty database at start (default: only on embedded PGlite). */
  SEED_DEMO: z.pipe(
    z.optional(z.enum(['true', 'false'])),
    z.transform((v) => (v === undefined ? undefined : v === 'true')),
  ),
  /** Unset means 'log', except that a production start on PostgreSQL refuses (lib/server/startup.ts). */
  SMS_TRANSPORT: z.optional(z.enum(['log', 'sns'])),
  SMS_TIMEOUT_MS: count(8000),
  WEBOTP_HOST: z.optional(z.string()),
  /**
   * Whom the SMS telling an old number it was replaced asks the holder to call if they did not
   * ask for the change: a phone written with separators, never a run of more than four digits
   * (nothing in that SMS may look like a code), short enough for every language's one SMS.
   */
  NUMBER_CHANGE_CONTACT: z._default(
    z.string().check(
      z.trim(),
      z.maxLength(ALERT_CONTACT_MAX),
      z.regex(/^[0-9+() -]+$/, 'a phone number, e.g. 07-562-2030'),
      z.refine((v) => !hasCodeLikeDigits(v), 'write the number with separators: 07-562-2030'),
    ),
    '07-562-2030',
  ),
  /** How a company without an account reaches the port's pass desk (申請帳號): a phone or an address. */
  ACCOUNT_REQUEST_CONTACT: z._default(
    z.string().check(z.trim(), z.minLength(1), z.maxLength(100)),
    '07-562-2030',
  ),
  CODE_TTL_HOURS: z._default(z.coerce.number().check(z.positive()), 24),
  CODE_MAX_TRIES: count(5),
  /** Header carrying the client IP, set by your reverse proxy (e.g. x-real-ip). Unset: not trusted. */
  TRUSTED_PROXY_HEADER: z.optional(z.string().check(z.toLowerCase())),
  /** Public code requests (取得驗證碼 and 送出驗證碼) per client IP per hour. */
  LIMIT_PUBLIC_PER_IP_HOUR: count(30),
  /** SMS sends per pass per day (Asia/Taipei), both channels. */
  LIMIT_SENDS_PER_PASS_DAY: count(5),
  /** SMS sends per company per day: the SMS-pumping guard. */
  LIMIT_SENDS_PER_COMPANY_DAY: count(500),
  /** Failed sign-ins per account, and per IP, before a temporary lockout. */
  LIMIT_SIGNIN_FAILURES_PER_ACCOUNT: count(5),
  LIMIT_SIGNIN_FAILURES_PER_IP: count(20),
  SIGNIN_LOCK_MINUTES: count(15),
  /** Session cookies are Secure in production; 'false' only for plain HTTP on a host other than localhost. */
  AUTH_COOKIE_SECURE: flag('true'),
  LOG_LEVEL: z._default(
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
    'info',
  ),
  /** Bearer token of GET /api/metrics (Prometheus); unset, the endpoint answers 404. */
  METRICS_TOKEN: optional(z.string().check(z.minLength(16))),
  AWS_REGION: z.optional(z.string()),
  AWS_ENDPOINT_URL_SNS: z.optional(z.url()),
  AWS_ENDPOINT_URL: z.optional(z.url()),
});

export type Env = z.output<typeof schema>;

/** A configuration mistake an operator must fix: reported as its one-line message at start. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

function parseEnv(): Env {
  const parsed = z.safeParse(schema, process.env);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`Invalid environment: ${fields}`);
  }
  return parsed.data;
}

export const env: Env = parseEnv();

/** The SMS transport in use: 'log' unless configured (a production start refuses that, see below). */
export const smsTransport: 'log' | 'sns' = env.SMS_TRANSPORT ?? 'log';

/**
 * Settings a production deployment must make explicitly. A forgotten SMS_TRANSPORT would serve
 * every code and mobile on /api/dev/sms to anyone, so a production start on PostgreSQL without
 * it refuses (the embedded demo of `npm start` is the one place 'log' is implied).
 */
export function assertProductionSettings(e: Env = env): void {
  if (e.NODE_ENV === 'production' && e.DATABASE_URL && !e.SMS_TRANSPORT) {
    throw new ConfigError(
      'SMS_TRANSPORT is not set: a production start on PostgreSQL must choose sns (real SMS) or log (codes readable at /dev/sms: demos and tests only)',
    );
  }
}
