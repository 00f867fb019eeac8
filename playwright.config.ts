import { defineConfig, devices } from '@playwright/test';
import { CHROMIUM } from './tests/support/chromium';
import { E2E_PORT, e2eServerEnv } from './tests/e2e/server-env';

const PORT = E2E_PORT;
const databaseUrl = process.env.E2E_DATABASE_URL;
if (!databaseUrl)
  throw new Error('E2E_DATABASE_URL is not set: run end-to-end tests with `npm test`');

export default defineConfig({
  testDir: 'tests/e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    locale: 'zh-TW',
    timezoneId: 'Asia/Taipei',
    trace: 'retain-on-failure',
    launchOptions: CHROMIUM,
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'], channel: undefined } }],
  webServer: {
    // The server log is kept for the log-hygiene test (no full numbers, no codes).
    command: `mkdir -p tests/.tmp && exec npx next start -p ${PORT} -H 127.0.0.1 > tests/.tmp/e2e-server.log 2>&1`,
    url: `http://127.0.0.1:${PORT}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'ignore',
    stderr: 'pipe',
    env: e2eServerEnv(databaseUrl),
  },
});
