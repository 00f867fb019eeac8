import { openDatabase, type DatabaseHandle } from '@/db/client';
import { seedDemoData } from '@/db/seed';
import { createDatabase, dropDatabase, withDatabase } from './databases';
import { companyIdByTaxId } from './engine';

/** The PostgreSQL server that `npm test` started (or DATABASE_URL's), for integration tests. */
export function testServerUrl(): string {
  const url = process.env.TEST_DATABASE_SERVER_URL;
  if (!url)
    throw new Error(
      'Run integration tests with `npm test` (it starts PostgreSQL), or set TEST_DATABASE_SERVER_URL',
    );
  return url;
}

/**
 * A fresh, migrated database on the real server; dropped by close(). With `viaPooler`, the
 * handle talks to it through PgBouncer in transaction pooling mode (as production may).
 */
export async function freshPostgres(
  options: { max?: number; viaPooler?: boolean } = {},
): Promise<DatabaseHandle & { url: string }> {
  const server = testServerUrl();
  const created = await createDatabase(server, 'it');
  const migrator = await openDatabase({ kind: 'postgres', url: created.url, max: 2 });
  await migrator.migrate();
  await migrator.close();
  const pooler = process.env.TEST_POOLER_URL;
  if (options.viaPooler && !pooler)
    throw new Error(
      'TEST_POOLER_URL is not set: run the tests with `npm test` (it starts PgBouncer)',
    );
  const url = options.viaPooler ? withDatabase(pooler!, created.name) : created.url;
  const handle = await openDatabase({
    kind: 'postgres',
    url,
    max: options.max ?? 20,
    prepare: !options.viaPooler,
  });
  return {
    ...handle,
    url,
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

/** A fresh PostgreSQL database with the demo data, and the two demo companies' ids. */
export async function freshDemoPostgres(options: Parameters<typeof freshPostgres>[0] = {}) {
  const handle = await freshPostgres(options);
  await seedDemoData(handle.db);
  const [a, b] = await Promise.all([
    companyIdByTaxId(handle.db, '12345675'),
    companyIdByTaxId(handle.db, '87654322'),
  ]);
  return { handle, companyA: a, companyB: b };
}
