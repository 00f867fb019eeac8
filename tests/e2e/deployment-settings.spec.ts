/** What a production start refuses: a real `next start` of the build, not the module alone. */
import { spawn } from 'node:child_process';
import { expect, test } from './fixtures';
import { E2E_PORT, e2eServerEnv } from './server-env';

test('a production start on PostgreSQL without SMS_TRANSPORT (codes would be published) refuses with one line', async () => {
  test.setTimeout(60_000);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...e2eServerEnv(process.env.E2E_DATABASE_URL!, E2E_PORT + 6),
  };
  delete env.SMS_TRANSPORT;
  const child = spawn('npx', ['next', 'start', '-p', String(E2E_PORT + 6), '-H', '127.0.0.1'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const code = await new Promise<number | null>((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve(null);
    }, 45_000);
    child.on('exit', (c) => {
      clearTimeout(timer);
      resolve(c);
    });
  });
  expect(code).not.toBe(0);
  expect(code).not.toBeNull();
  const lines = stderr
    .trim()
    .split('\n')
    .filter((l) => l.includes('SMS_TRANSPORT'));
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^\[startup\] SMS_TRANSPORT is not set/);
});
