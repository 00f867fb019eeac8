/** The bearer token of /api/metrics on the test servers. */
export const E2E_METRICS_TOKEN = 'e2e-metrics-token-0123456789';

/** The environment of every app instance the end-to-end tests start. */
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3100);

/**
 * The default deployment (directly exposed, like `npm start`): every browser test comes from
 * 127.0.0.1, so the per-client limits are raised here and tested on instances of their own
 * (client-limits.spec.ts, resilience.spec.ts), which pass `overrides`.
 */
export function e2eServerEnv(
  databaseUrl: string,
  port = E2E_PORT,
  overrides: Record<string, string> = {},
): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    SEED_DEMO: 'true',
    AUTH_SECRET: 'e2e-secret-0123456789abcdef0123456789abcdef',
    SMS_TRANSPORT: 'log',
    WEBOTP_HOST: `127.0.0.1:${port}`,
    LIMIT_PUBLIC_PER_IP_HOUR: '10000',
    LIMIT_SIGNIN_FAILURES_PER_IP: '10000',
    LOG_LEVEL: 'info',
    METRICS_TOKEN: E2E_METRICS_TOKEN,
    NODE_ENV: 'production',
    ...overrides,
  };
}
