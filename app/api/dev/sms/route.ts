import { isDevOutboxEnabled, readDevOutbox } from '@/lib/dev-outbox';

export const dynamic = 'force-dynamic';

/** Development outbox as JSON, newest first; ?to=09XXXXXXXX filters. Log transport only. */
export async function GET(request: Request) {
  if (!isDevOutboxEnabled()) return new Response('Not Found', { status: 404 });
  const to = new URL(request.url).searchParams.get('to');
  return Response.json({ messages: await readDevOutbox(to) });
}
