import en from '@/messages/en.json';
import id from '@/messages/id.json';
import th from '@/messages/th.json';
import vi from '@/messages/vi.json';
import zhTW from '@/messages/zh-TW.json';
import { interpolate } from './interpolate';
import type { Locale } from './locales';

type Messages = Record<string, unknown>;

const CATALOGUES: Record<Locale, Messages> = { 'zh-TW': zhTW, en, vi, id, th };

function merge(base: Messages, over: Messages): Messages {
  const out: Messages = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    out[k] =
      v && typeof v === 'object' && b && typeof b === 'object'
        ? merge(b as Messages, v as Messages)
        : v;
  }
  return out;
}

/**
 * vi, id and th cover the public path; the applicants' dashboard falls back to English there,
 * never to zh-TW.
 */
export function loadMessages(locale: Locale): Messages {
  return (merged[locale] ??=
    locale === 'zh-TW' || locale === 'en' ? CATALOGUES[locale] : merge(en, CATALOGUES[locale]));
}

// Merged once per locale, not on every request.
const merged: Partial<Record<Locale, Messages>> = {};

export const PUBLIC_NAMESPACES = [
  'common',
  'home',
  'login',
  'verify',
  'validation',
  'refusal',
  'errors',
] as const;
export { CATALOGUES };

/** The given namespaces of `messages`, flattened ('console.audit.title'), for client components. */
export function flatText(
  messages: Record<string, unknown>,
  namespaces: readonly string[],
): Record<string, string> {
  const out: Record<string, string> = {};
  const add = (prefix: string, value: unknown) => {
    if (typeof value === 'string') out[prefix] = value;
    else if (value && typeof value === 'object')
      for (const [key, inner] of Object.entries(value)) add(`${prefix}.${key}`, inner);
  };
  for (const ns of namespaces) add(ns, messages[ns]);
  return out;
}

/** The English texts the command line prints (the console's sentences, the form messages). */
let english: Record<string, string> | undefined;

/** A message in English by its key, placeholders filled; the key itself if there is none. */
export function englishText(key: string, values?: Record<string, string | number>): string {
  english ??= flatText(loadMessages('en'), ['console', 'validation']);
  return interpolate(english[key] ?? key, values);
}
