import 'server-only';
import { getMessages } from 'next-intl/server';
import type { ClientText } from '@/components/client-text';

/** The given namespaces of the request's messages, flattened for ClientTextProvider. */
export async function clientText(namespaces: readonly string[]): Promise<ClientText> {
  const messages = await getMessages();
  const out: ClientText = {};
  for (const ns of namespaces) {
    for (const [key, value] of Object.entries((messages[ns] ?? {}) as Record<string, unknown>))
      if (typeof value === 'string') out[`${ns}.${key}`] = value;
  }
  return out;
}
