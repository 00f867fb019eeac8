/** zh-TW first; English for the whole UI; vi, id and th for the public path (pass holders). */
export const LOCALES = ['zh-TW', 'en', 'vi', 'id', 'th'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'zh-TW';
export const LOCALE_COOKIE = 'NEXT_LOCALE';

/** Each language named in itself, for the switcher. */
export const LOCALE_NAMES: Record<Locale, string> = {
  'zh-TW': '繁體中文',
  en: 'English',
  vi: 'Tiếng Việt',
  id: 'Bahasa Indonesia',
  th: 'ไทย',
};

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** The first visit's language from Accept-Language (q-values honoured); zh-* maps to zh-TW. */
export function negotiateLocale(acceptLanguage: string | null | undefined): Locale {
  if (!acceptLanguage) return DEFAULT_LOCALE;
  const ranked = acceptLanguage
    .split(',')
    .slice(0, 20)
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = Number(
        params
          .find((p) => p.trim().startsWith('q='))
          ?.trim()
          .slice(2) ?? '1',
      );
      return { tag: tag.toLowerCase(), q: Number.isFinite(q) ? q : 0, index };
    })
    .filter((r) => r.tag && r.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of ranked) {
    const base = tag.split('-')[0];
    if (base === 'zh') return 'zh-TW';
    const match = LOCALES.find((l) => l.toLowerCase() === base);
    if (match) return match;
  }
  return DEFAULT_LOCALE;
}

/** The request's language: the remembered choice (cookie), else Accept-Language, else zh-TW. */
export function chooseLocale(
  chosen: string | undefined,
  acceptLanguage: string | null | undefined,
): Locale {
  return isLocale(chosen) ? chosen : negotiateLocale(acceptLanguage);
}

/** The <html lang> of a page in `locale`: Traditional Chinese as written in Taiwan. */
export const htmlLang = (locale: string) => (locale === 'zh-TW' ? 'zh-Hant-TW' : locale);
