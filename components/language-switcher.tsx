'use client';

import { useSyncExternalStore } from 'react';
import { setLocaleAction } from '@/app/actions';
import { LOCALE_NAMES, LOCALES } from '@/lib/i18n/locales';

const subscribe = () => () => {};

/**
 * On every page. A server action's form: until the page's script runs (and without JavaScript)
 * the person picks a language and presses [切換]; once it runs, a choice applies at once.
 */
export function LanguageSwitcher({
  locale,
  label,
  submitLabel,
}: {
  locale: string;
  /** 語言: the select's accessible name. */
  label: string;
  /** 切換 */
  submitLabel: string;
}) {
  // false in the server's HTML, true once hydrated: the button is there until a choice can submit.
  const hydrated = useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
  return (
    <form action={setLocaleAction} className="flex items-center gap-1">
      <label htmlFor="language" className="sr-only">
        {label}
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
      {!hydrated && (
        <button className="min-h-11 rounded-md border border-white/40 px-2 text-sm">
          {submitLabel}
        </button>
      )}
    </form>
  );
}
