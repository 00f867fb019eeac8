import 'server-only';
import { getMessages } from 'next-intl/server';
import type { ClientText } from '@/components/client-text';
import { flatText } from './messages';

/** The given namespaces of the request's messages, flattened ('console.audit.title') for ClientTextProvider. */
export async function clientText(namespaces: readonly string[]): Promise<ClientText> {
  return flatText(await getMessages(), namespaces);
}
