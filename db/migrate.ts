import { env } from '@/lib/env';
import type { DatabaseHandle } from './client';
import { isDatabaseEmpty, seedDemoData } from './seed';

/** Applies the committed migrations and, on an empty demo database, loads the demo data. */
export async function prepareDatabase(handle: DatabaseHandle): Promise<{ seeded: boolean }> {
  await handle.migrate();
  const seedOnEmpty = env.SEED_DEMO ?? handle.kind !== 'postgres';
  if (seedOnEmpty && (await isDatabaseEmpty(handle.db))) {
    await seedDemoData(handle.db);
    return { seeded: true };
  }
  return { seeded: false };
}

/** One line for an operator, not a stack trace. */
export function describeDatabaseError(error: unknown): string {
  const e = error as { code?: string; message?: string; errors?: unknown[] };
  // ECONNREFUSED to every address: postgres.js reports an AggregateError.
  if (e?.code === 'ECONNREFUSED' || (Array.isArray(e?.errors) && e.errors.length > 0)) {
    return 'cannot connect to the database at DATABASE_URL (connection refused)';
  }
  if (e?.code === 'ENOTFOUND') return 'cannot resolve the database host in DATABASE_URL';
  if (e?.code === '28P01') return 'the database refused the password in DATABASE_URL';
  if (e?.code === '3D000') return 'the database named in DATABASE_URL does not exist';
  if (e?.code === 'CONNECT_TIMEOUT') return 'timed out connecting to the database at DATABASE_URL';
  return `database start-up failed: ${e?.message ?? String(error)}`.split('\n')[0]!;
}
