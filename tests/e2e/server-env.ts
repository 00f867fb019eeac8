/** The environment of every app instance the end-to-end tests start. */
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3100);

export function e2eServerEnv(databaseUrl: string, port = E2E_PORT): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    SEED_DEMO: 'true',
    AUTH_SECRET: 'e2e-secret-0123456789abcdef0123456789abcdef',
    SMS_TRANSPORT: 'log',
    WEBOTP_HOST: `127.0.0.1:${port}`,
    // Only tests that send this header get per-IP limits; browser tests do not.
    TRUSTED_PROXY_HEADER: 'x-real-ip',
    LIMIT_PUBLIC_PER_IP_HOUR: '4',
    LOG_LEVEL: 'info',
    NODE_ENV: 'production',
  };
}
