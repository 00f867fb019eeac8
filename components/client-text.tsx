'use client';

import { createContext, useContext, useMemo } from 'react';
import { interpolate } from '@/lib/i18n/interpolate';

/** Messages by full key ('verify.getCode'), already in the page's language. */
export type ClientText = Record<string, string>;

const TextContext = createContext<ClientText>({});

/**
 * Gives client components the messages their layout chose (added to any given above it). The
 * client gets plain strings with `{name}` placeholders, not next-intl's runtime: the messages
 * client components use have no plurals or selects, and the public pages stay light.
 */
export function ClientTextProvider({
  text,
  children,
}: {
  text: ClientText;
  children: React.ReactNode;
}) {
  const above = useContext(TextContext);
  const merged = useMemo(() => ({ ...above, ...text }), [above, text]);
  return <TextContext.Provider value={merged}>{children}</TextContext.Provider>;
}

export interface Translate {
  (key: string, values?: Record<string, string | number>): string;
  has(key: string): boolean;
}

/** `t('key', { name })` within `namespace`, as next-intl's useTranslations reads. */
export function useText(namespace?: string): Translate {
  const text = useContext(TextContext);
  return useMemo(() => {
    const full = (key: string) => (namespace ? `${namespace}.${key}` : key);
    const translate = (key: string, values?: Record<string, string | number>) => {
      return interpolate(text[full(key)] ?? full(key), values);
    };
    return Object.assign(translate, { has: (key: string) => full(key) in text });
  }, [text, namespace]);
}
