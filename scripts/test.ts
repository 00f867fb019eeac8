/**
 * `npm test`: unit and integration tests (vitest) against a real PostgreSQL server, then the
 * production build and end-to-end tests (Playwright, /usr/bin/chromium). Without DATABASE_URL
 * it starts a throwaway PostgreSQL and removes it afterwards, even on failure or Ctrl-C; either
 * way it starts PgBouncer (Debian package `pgbouncer`) in front of it for the pooler tests.
 */
import { spawn } from 'node:child_process';
import { startPgBouncer } from '../tests/support/pgbouncer';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../tests/support/postgres-server';
import { createDatabase, dropDatabase } from '../tests/support/databases';

const only = process.argv[2] as 'unit' | 'e2e' | undefined;
const extraArgs = process.argv.slice(3);
let server: ThrowawayPostgres | undefined;
const cleanups: Array<() => Promise<void>> = [];

async function cleanup() {
  for (const fn of cleanups.reverse()) await fn().catch(() => {});
  cleanups.length = 0;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    void cleanup().finally(() => process.exit(130));
  });
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

async function main(): Promise<number> {
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    server = await startThrowawayPostgres();
    cleanups.push(() => server!.stop());
    serverUrl = server.url;
    console.log(`[test] throwaway PostgreSQL started on ${new URL(serverUrl).port}`);
  }
  // PgBouncer in transaction pooling mode in front of it: the pooler tests run through it.
  const bouncer = await startPgBouncer(serverUrl);
  cleanups.push(() => bouncer.stop());
  const poolerUrl = bouncer.via(serverUrl);
  console.log(`[test] PgBouncer (transaction pooling) started on ${new URL(poolerUrl).port}`);
  const env = {
    TEST_DATABASE_SERVER_URL: serverUrl,
    TEST_POOLER_URL: poolerUrl,
    DATABASE_URL: '',
    NODE_ENV: 'test' as const,
  };

  let status = 0;
  if (only !== 'e2e') {
    status = await run('npx', ['vitest', 'run', ...extraArgs], env);
  }
  if (only !== 'unit') {
    const e2e = await createDatabase(serverUrl, 'e2e');
    cleanups.push(() => dropDatabase(serverUrl, e2e.name));
    const build = process.env.SKIP_BUILD
      ? 0
      : await run('npx', ['next', 'build'], { NODE_ENV: 'production' });
    const e2eStatus =
      build !== 0
        ? build
        : await run('npx', ['playwright', 'test', ...extraArgs], {
            E2E_DATABASE_URL: e2e.url,
            E2E_POOLER_URL: bouncer.via(e2e.url),
            NODE_ENV: 'production',
          });
    status ||= e2eStatus;
  }
  return status;
}

main()
  .then(async (status) => {
    await cleanup();
    process.exit(status);
  })
  .catch(async (error) => {
    console.error('[test]', error instanceof Error ? error.message : error);
    await cleanup();
    process.exit(1);
  });
