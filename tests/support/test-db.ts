import { openDatabase, type DatabaseHandle } from '@/db/client';
import { createDatabase, dropDatabase } from './databases';

/** The PostgreSQL server that `npm test` started (or DATABASE_URL's), for integration tests. */
export function testServerUrl(): string {
  const url = process.env.TEST_DATABASE_SERVER_URL;
  if (!url) throw new Error('Run integration tests with `npm test` (it starts PostgreSQL), or set TEST_DATABASE_SERVER_URL');
  return url;
}

/** A fresh, migrated database on the real server; dropped by close(). */
export async function freshPostgres(options: { max?: number } = {}): Promise<DatabaseHandle> {
  const server = testServerUrl();
  const created = await createDatabase(server, 'it');
  const handle = await openDatabase({ kind: 'postgres', url: created.url, max: options.max ?? 20 });
  await handle.migrate();
  return {
    ...handle,
    close: async () => {
      await handle.close();
      await dropDatabase(server, created.name);
    },
  };
}

/** In-memory PGlite, migrated: for fast tests that do not need a real server. */
export async function freshPglite(): Promise<DatabaseHandle> {
  const handle = await openDatabase({ kind: 'memory' });
  await handle.migrate();
  return handle;
}
