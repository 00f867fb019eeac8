import crypto from 'node:crypto';
import { getDatabase } from '@/db';
import { env } from '@/lib/env';
import { renderMetrics } from '@/lib/server/metrics';

export const dynamic = 'force-dynamic';

const notFound = () => new Response('Not Found', { status: 404 });

const sameToken = (given: string, expected: string) => {
  const a = crypto.createHash('sha256').update(given).digest();
  const b = crypto.createHash('sha256').update(expected).digest();
  return crypto.timingSafeEqual(a, b);
};

/**
 * Prometheus metrics, only with `Authorization: Bearer $METRICS_TOKEN`; without METRICS_TOKEN the
 * endpoint does not exist (404), and a wrong or missing token gets the same 404.
 */
export async function GET(request: Request) {
  const token = env.METRICS_TOKEN;
  const given = /^Bearer (.+)$/.exec(request.headers.get('authorization') ?? '')?.[1];
  if (!token || !given || !sameToken(given, token)) return notFound();
  const handle = await getDatabase();
  const { contentType, body } = await renderMetrics(handle);
  return new Response(body, {
    headers: { 'content-type': contentType, 'cache-control': 'no-store' },
  });
}

// Every other method is 404 too: a 405 (or an OPTIONS 204) would confirm the endpoint exists.
export {
  notFound as POST,
  notFound as PUT,
  notFound as PATCH,
  notFound as DELETE,
  notFound as OPTIONS,
};
