import { spawn, type ChildProcess } from 'node:child_process';

export interface AppServer {
  url: string;
  /** The process started (npx), whose descendants include the server. */
  pid: number;
  output: () => string;
  stop(): Promise<void>;
}

/** Starts another instance of the production build (`next start`) with its own environment. */
export async function startAppServer(options: {
  port: number;
  env: Record<string, string>;
}): Promise<AppServer> {
  const child: ChildProcess = spawn(
    'npx',
    ['next', 'start', '-p', String(options.port), '-H', '127.0.0.1'],
    {
      env: { ...process.env, NODE_ENV: 'production', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    },
  );
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const url = `http://127.0.0.1:${options.port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null) throw new Error(`server exited: ${output.slice(-500)}`);
    if (Date.now() > deadline) throw new Error(`server did not start: ${output.slice(-500)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    pid: child.pid!,
    output: () => output,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        child.kill('SIGTERM');
      }
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    },
  };
}
