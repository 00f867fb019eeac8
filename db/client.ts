import fs from 'node:fs';
import path from 'node:path';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as schema from './schema';

/** One type for both drivers: every query is written once. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** A query function accepts the client or a transaction. */
export type Executor = Db | Tx;

export type DatabaseTarget =
  | { kind: 'postgres'; url: string; max?: number }
  | { kind: 'pglite'; dir: string }
  | { kind: 'memory' };

export interface DatabaseHandle {
  db: Db;
  kind: DatabaseTarget['kind'];
  migrate(): Promise<void>;
  close(): Promise<void>;
}

const MIGRATIONS = path.join(process.cwd(), 'db/migrations');

export async function openDatabase(target: DatabaseTarget): Promise<DatabaseHandle> {
  if (target.kind === 'postgres') {
    const { default: postgres } = await import('postgres');
    const { drizzle } = await import('drizzle-orm/postgres-js');
    const { migrate } = await import('drizzle-orm/postgres-js/migrator');
    const client = postgres(target.url, {
      max: target.max ?? 10,
      onnotice: () => {},
      connect_timeout: 15,
      idle_timeout: 30,
    });
    const db = drizzle({ client, schema });
    return {
      db: db as unknown as Db,
      kind: 'postgres',
      migrate: () => migrate(db, { migrationsFolder: MIGRATIONS }),
      close: () => client.end({ timeout: 5 }),
    };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  let dataDir: string | undefined;
  if (target.kind === 'pglite') {
    dataDir = path.resolve(target.dir);
    fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  }
  const client = await PGlite.create(dataDir);
  const db = drizzle({ client, schema });
  return {
    db: db as unknown as Db,
    kind: target.kind,
    migrate: async () => {
      await migrate(db, { migrationsFolder: MIGRATIONS });
    },
    close: () => client.close(),
  };
}
