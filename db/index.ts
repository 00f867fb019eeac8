import { env } from '@/lib/env';
import { openDatabase, type DatabaseHandle, type DatabaseTarget, type Db } from './client';

/** The application's one database: PostgreSQL when DATABASE_URL is set, embedded PGlite otherwise. */
export function appDatabaseTarget(): DatabaseTarget {
  return env.DATABASE_URL
    ? { kind: 'postgres', url: env.DATABASE_URL, prepare: env.DATABASE_PREPARE }
    : { kind: 'pglite', dir: env.PGLITE_DIR };
}

// Kept on globalThis so that dev-mode module reloads never open a second PGlite on one folder.
const holder = globalThis as unknown as { __appDb?: Promise<DatabaseHandle> };

export function getDatabase(): Promise<DatabaseHandle> {
  holder.__appDb ??= openDatabase(appDatabaseTarget()).catch((error: unknown) => {
    holder.__appDb = undefined;
    throw error;
  });
  return holder.__appDb;
}

export async function getDb(): Promise<Db> {
  return (await getDatabase()).db;
}
