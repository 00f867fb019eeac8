'use client';

import { useText } from '@/components/client-text';
import { LOCALE_NAMES, LOCALES } from '@/lib/i18n/locales';

/**
 * On every page; works without JavaScript (the button submits), with it a choice applies at once.
 * POST /api/locale remembers it and comes back here.
 */
export function LanguageSwitcher({ locale }: { locale: string }) {
  const t = useText('common');
  return (
    <form action="/api/locale" method="post" className="flex items-center gap-1">
      <label htmlFor="language" className="sr-only">
        {t('language')}
      </label>
      <select
        id="language"
        name="locale"
        defaultValue={locale}
        onChange={(e) => e.currentTarget.form?.requestSubmit()}
        className="min-h-11 rounded-md border border-white/40 bg-harbor-900 px-2 text-sm text-white"
      >
        {LOCALES.map((l) => (
          <option key={l} value={l} lang={l}>
            {LOCALE_NAMES[l]}
          </option>
        ))}
      </select>
      <noscript>
        <button className="min-h-11 rounded-md border border-white/40 px-2 text-sm">
          {t('switchLanguage')}
        </button>
      </noscript>
    </form>
  );
}
