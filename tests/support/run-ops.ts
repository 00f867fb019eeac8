import { spawn } from 'node:child_process';

/** Runs `npm run ops -- …` as an operator would, against the given database. */
export function runOps(
  args: string[],
  options: { databaseUrl: string; stdin?: string },
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('npx', ['tsx', '--conditions=react-server', 'scripts/ops.ts', ...args], {
      env: {
        ...process.env,
        DATABASE_URL: options.databaseUrl,
        NODE_ENV: 'production',
        LOG_LEVEL: 'silent',
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.stdin.end(options.stdin ?? '');
    child.on('exit', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}
