import 'server-only';
import { getMessages } from 'next-intl/server';
import type { ClientText } from '@/components/client-text';

/** The given namespaces of the request's messages, flattened ('console.audit.title') for ClientTextProvider. */
export async function clientText(namespaces: readonly string[]): Promise<ClientText> {
  const messages = await getMessages();
  const out: ClientText = {};
  const add = (prefix: string, value: unknown) => {
    if (typeof value === 'string') out[prefix] = value;
    else if (value && typeof value === 'object')
      for (const [key, inner] of Object.entries(value)) add(`${prefix}.${key}`, inner);
  };
  for (const ns of namespaces) add(ns, messages[ns]);
  return out;
}
