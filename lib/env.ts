import { z } from 'zod';

// Every environment variable the service reads, parsed once. Nothing else reads process.env.
const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: z
    .string()
    .url()
    .optional()
    .or(z.literal('').transform(() => undefined)),
  /**
   * 'false' behind a transaction-pooling PgBouncer (before 1.21 it cannot keep prepared
   * statements across transactions): postgres.js then sends every query unprepared.
   */
  DATABASE_PREPARE: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  PGLITE_DIR: z.string().default('.data/pglite'),
  DATA_DIR: z.string().default('.data'),
  AUTH_SECRET: z
    .string()
    .min(32)
    .optional()
    .or(z.literal('').transform(() => undefined)),
  /** Load the demo data into an empty database at start (default: only on embedded PGlite). */
  SEED_DEMO: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === 'true')),
  /** Unset means 'log', except that a production start on PostgreSQL refuses (lib/startup.ts). */
  SMS_TRANSPORT: z.enum(['log', 'sns']).optional(),
  SMS_TIMEOUT_MS: z.coerce.number().int().positive().default(8000),
  WEBOTP_HOST: z.string().optional(),
  /**
   * Whom the SMS telling an old number it was replaced asks the holder to call if they did not
   * ask for the change: a phone written with separators, never a run of more than four digits
   * (nothing in that SMS may look like a code), short enough for every language's one SMS.
   */
  NUMBER_CHANGE_CONTACT: z
    .string()
    .trim()
    .max(12)
    .regex(/^[0-9+() -]+$/, 'a phone number, e.g. 07-562-2030')
    .refine((v) => !/\d{5,}/.test(v), 'write the number with separators: 07-562-2030')
    .default('07-562-2030'),
  /** How a company without an account reaches the port's pass desk (申請帳號): a phone or an address. */
  ACCOUNT_REQUEST_CONTACT: z.string().trim().min(1).max(100).default('07-562-2030'),
  CODE_TTL_HOURS: z.coerce.number().positive().default(24),
  CODE_MAX_TRIES: z.coerce.number().int().positive().default(5),
  /** Header carrying the client IP, set by your reverse proxy (e.g. x-real-ip). Unset: not trusted. */
  TRUSTED_PROXY_HEADER: z.string().toLowerCase().optional(),
  /** Public code requests (取得驗證碼 and 送出驗證碼) per client IP per hour. */
  LIMIT_PUBLIC_PER_IP_HOUR: z.coerce.number().int().positive().default(30),
  /** SMS sends per pass per day (Asia/Taipei), both channels. */
  LIMIT_SENDS_PER_PASS_DAY: z.coerce.number().int().positive().default(5),
  /** SMS sends per company per day: the SMS-pumping guard. */
  LIMIT_SENDS_PER_COMPANY_DAY: z.coerce.number().int().positive().default(500),
  /** Failed sign-ins per account, and per IP, before a temporary lockout. */
  LIMIT_SIGNIN_FAILURES_PER_ACCOUNT: z.coerce.number().int().positive().default(5),
  LIMIT_SIGNIN_FAILURES_PER_IP: z.coerce.number().int().positive().default(20),
  SIGNIN_LOCK_MINUTES: z.coerce.number().int().positive().default(15),
  /** Session cookies are Secure in production; 'false' only for plain HTTP on a host other than localhost. */
  AUTH_COOKIE_SECURE: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Bearer token of GET /api/metrics (Prometheus); unset, the endpoint answers 404. */
  METRICS_TOKEN: z
    .string()
    .min(16)
    .optional()
    .or(z.literal('').transform(() => undefined)),
  AWS_REGION: z.string().optional(),
  AWS_ENDPOINT_URL_SNS: z.string().url().optional(),
  AWS_ENDPOINT_URL: z.string().url().optional(),
});

export type Env = z.infer<typeof schema>;

/** A configuration mistake an operator must fix: reported as its one-line message at start. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

function parseEnv(): Env {
  const parsed = schema.safeParse(process.env);
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
