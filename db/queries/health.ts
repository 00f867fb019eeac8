import 'server-only';
import { sql } from 'drizzle-orm';
import type { Executor } from '../client';

export async function pingDatabase(db: Executor): Promise<void> {
  await db.execute(sql`select 1`);
}

/**
 * The database's connections by state (every instance's, or the pooler's), for /api/metrics:
 * read when scraped, never on a request's path.
 */
export async function countDatabaseConnections(db: Executor) {
  const result = await db.execute(sql`
    select coalesce(state, 'unknown') as state, count(*)::int as n
    from pg_stat_activity where datname = current_database() and backend_type = 'client backend'
    group by 1`);
  const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Array<{
    state: string;
    n: number;
  }>;
  return rows.map((r) => ({ state: r.state, n: Number(r.n) }));
}
