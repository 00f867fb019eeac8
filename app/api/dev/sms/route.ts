import { isDevOutboxEnabled, readDevOutbox } from '@/lib/server/dev-outbox';

export const dynamic = 'force-dynamic';

const notFound = () => new Response('Not Found', { status: 404 });

/** Development outbox as JSON, newest first; ?to=09XXXXXXXX filters. Log transport only. */
export async function GET(request: Request) {
  if (!isDevOutboxEnabled()) return notFound();
  const to = new URL(request.url).searchParams.get('to');
  return Response.json({ messages: await readDevOutbox(to) });
}

// Every other method is 404 too: a 405 (or an OPTIONS 204) would confirm the route exists.
export {
  notFound as POST,
  notFound as PUT,
  notFound as PATCH,
  notFound as DELETE,
  notFound as OPTIONS,
};
