export const dynamic = 'force-dynamic';

/** Liveness: the process answers (no database work). Readiness, with the database, is /api/health. */
export function GET() {
  return Response.json({ status: 'ok' });
}
