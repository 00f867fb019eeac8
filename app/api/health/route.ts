import { getDb } from '@/db';
import { pingDatabase } from '@/db/queries/health';

export const dynamic = 'force-dynamic';

/** Readiness: 200 when the database answers, 503 otherwise. */
export async function GET() {
  try {
    const db = await getDb();
    await Promise.race([
      pingDatabase(db),
      new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 2000)),
    ]);
    return Response.json({ status: 'ok', database: 'ok' });
  } catch {
    return Response.json({ status: 'unavailable', database: 'unreachable' }, { status: 503 });
  }
}
