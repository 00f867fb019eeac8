import { getDb } from '@/db';
import { listOutboxMessages } from '@/db/queries/outbox';
import { smsTransport } from '../env';
import { normaliseMobile } from '../values/phone';

/** The development outbox exists only with the log transport. */
export function isDevOutboxEnabled(): boolean {
  return smsTransport === 'log';
}

export async function readDevOutbox(to: string | null) {
  const toMobile = to ? normaliseMobile(to) : undefined;
  if (to && !toMobile) return [];
  const rows = await listOutboxMessages(await getDb(), { toMobile: toMobile ?? undefined });
  return rows.map((r) => ({
    id: r.id,
    to: r.toMobile,
    body: r.body,
    createdAt: r.createdAt.toISOString(),
  }));
}
