'use client';

import { useText } from './client-text';
import { LanguageSwitcher } from './language-switcher';

// The public pages' header and footer (home, /login, /verify).

/** The pass information site's header: name on the left, language and [登入] top right (manual 步驟一). */
export function SiteHeader({ locale }: { locale: string }) {
  const t = useText('common');
  return (
    <header className="bg-harbor-800 text-white">
      <div className="mx-auto flex max-w-5xl flex-wrap items-center justify-between gap-2 px-4 py-2">
        <a href="/" className="flex min-h-11 items-center gap-2 font-bold tracking-wide">
          <span
            aria-hidden
            className="grid size-8 place-items-center rounded-md bg-white/15 text-sm"
          >
            ⚓
          </span>
          <span>{t('siteName')}</span>
        </a>
        <div className="ml-auto flex items-center gap-2">
          <LanguageSwitcher
            locale={locale}
            label={t('language')}
            submitLabel={t('switchLanguage')}
          />
          <a
            href="/login"
            className="inline-flex min-h-11 items-center rounded-md bg-white px-4 font-semibold text-harbor-800 hover:bg-harbor-50"
          >
            {t('login')}
          </a>
        </div>
      </div>
    </header>
  );
}

export function SiteFooter() {
  const t = useText('common');
  return (
    <footer className="mt-12 border-t border-slate-200 py-6 text-center text-sm text-slate-600">
      {t('footer')}
    </footer>
  );
}

/** A public page: header, the page in a centred column, footer. */
export function PublicShell({ locale, children }: { locale: string; children: React.ReactNode }) {
  return (
    <>
      <SiteHeader locale={locale} />
      <main className="mx-auto w-full max-w-5xl px-4 py-6 sm:py-10">{children}</main>
      <SiteFooter />
    </>
  );
}
