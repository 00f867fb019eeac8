import { getDb } from '@/db';
import { pingDatabase } from '@/db/queries/health';
import { clientIpFrom } from '@/lib/web/client-ip';

export const dynamic = 'force-dynamic';

/**
 * Readiness: 200 when the database answers and this request has a client address, 503
 * otherwise. Per-client limits count clients by that address: with neither the connection stamp
 * (lib/web/connection-address.ts) nor the trusted proxy's header, every client would be one.
 */
export async function GET(request: Request) {
  if (clientIpFrom(request.headers) === 'unknown')
    return Response.json({ status: 'unavailable', clientAddress: 'missing' }, { status: 503 });
  try {
    const db = await getDb();
    await Promise.race([
      pingDatabase(db),
      new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 2000)),
    ]);
    return Response.json({ status: 'ok', database: 'ok', clientAddress: 'ok' });
  } catch {
    return Response.json({ status: 'unavailable', database: 'unreachable' }, { status: 503 });
  }
}
