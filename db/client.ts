import fs from 'node:fs';
import path from 'node:path';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { scrubQueryErrors } from './query-error-scrubber';
import * as schema from './schema';

export { DatabaseError } from './query-error-scrubber';

/** One type for both drivers: every query is written once. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** A query function accepts the client or a transaction. */
export type Executor = Db | Tx;

export type DatabaseTarget =
  | { kind: 'postgres'; url: string; max?: number; prepare?: boolean }
  | { kind: 'pglite'; dir: string }
  | { kind: 'memory' };

export interface DatabaseHandle {
  db: Db;
  kind: DatabaseTarget['kind'];
  /** Connections this process may open (/api/metrics). */
  poolMax: number;
  migrate(): Promise<void>;
  close(): Promise<void>;
}

const MIGRATIONS = path.join(process.cwd(), 'db/migrations');

/**
 * PGlite allows one process per data folder; a second one (`npm run ops` while the server runs)
 * would write beside it and its changes would not reach the server. The folder is locked with a
 * `<folder>.lock` file naming the process; a lock whose process is gone is taken over.
 */
function lockEmbeddedFolder(dataDir: string): () => void {
  const lock = `${dataDir}.lock`;
  for (let tries = 0; tries < 2; tries++) {
    try {
      fs.writeFileSync(lock, String(process.pid), { flag: 'wx' });
      return () => fs.rmSync(lock, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number(fs.readFileSync(lock, 'utf8'));
      if (pid && pid !== process.pid && isRunning(pid)) {
        throw new Error(
          `the embedded database ${path.relative(process.cwd(), dataDir)} is in use by process ${pid}: stop the server first`,
        );
      }
      fs.rmSync(lock, { force: true });
    }
  }
  throw new Error(`cannot lock the embedded database ${dataDir}`);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function openDatabase(target: DatabaseTarget): Promise<DatabaseHandle> {
  const { PgPreparedQuery } = await import('drizzle-orm/pg-core');
  scrubQueryErrors(PgPreparedQuery.prototype as never);
  if (target.kind === 'postgres') {
    const { default: postgres } = await import('postgres');
    const { drizzle } = await import('drizzle-orm/postgres-js');
    const { migrate } = await import('drizzle-orm/postgres-js/migrator');
    const client = postgres(target.url, {
      max: target.max ?? 10,
      prepare: target.prepare ?? true,
      onnotice: () => {},
      // Every request gets an answer in bounded time (the outage sentence), even while the
      // server restarts: connecting gives up after 5 s, a statement after 10 s.
      connect_timeout: 5,
      idle_timeout: 30,
      connection: { statement_timeout: 10_000, idle_in_transaction_session_timeout: 15_000 },
    });
    // Drizzle asks postgres.js for an unnamed statement unless a query is given a name, so each
    // one would be parsed and planned anew; the service's statements are few and fixed, so they are
    // prepared once per connection instead (`prepare: false` only behind PgBouncer, see README).
    const prepare = target.prepare ?? true;
    const preparing = new Proxy(client, {
      get(real, key, receiver) {
        if (key !== 'unsafe') return Reflect.get(real, key, receiver);
        return (query: string, params?: unknown[], options?: object) =>
          real.unsafe(query, params as never, { ...options, prepare });
      },
    });
    const db = drizzle({ client: preparing, schema });
    return {
      db: db as unknown as Db,
      kind: 'postgres',
      poolMax: target.max ?? 10,
      migrate: () => migrate(db, { migrationsFolder: MIGRATIONS }),
      close: () => client.end({ timeout: 5 }),
    };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  // The lists' GIN indexes are led by company_id (`0004_lists_at_scale.sql`).
  const { btree_gin } = await import('@electric-sql/pglite/contrib/btree_gin');
  const { drizzle } = await import('drizzle-orm/pglite');
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  let dataDir: string | undefined;
  let unlock = () => {};
  if (target.kind === 'pglite') {
    dataDir = path.resolve(target.dir);
    fs.mkdirSync(path.dirname(dataDir), { recursive: true });
    unlock = lockEmbeddedFolder(dataDir);
  }
  const client = await PGlite.create({ dataDir, extensions: { btree_gin } }).catch(
    (error: unknown) => {
      unlock();
      throw error;
    },
  );
  const db = drizzle({ client, schema });
  return {
    db: db as unknown as Db,
    kind: target.kind,
    poolMax: 1,
    migrate: async () => {
      await migrate(db, { migrationsFolder: MIGRATIONS });
    },
    close: async () => {
      await client.close();
      unlock();
    },
  };
}
