'use server';

import { cookies } from 'next/headers';
import { isLocale, LOCALE_COOKIE } from '@/lib/i18n/locales';
import { readForm } from '@/lib/web/action';

/** The language switcher, on every page: the choice is remembered for a year. */
export async function setLocaleAction(formData: FormData): Promise<void> {
  const { locale } = readForm(formData);
  if (!isLocale(locale)) return;
  (await cookies()).set(LOCALE_COOKIE, locale, {
    path: '/',
    maxAge: 365 * 24 * 3600,
    sameSite: 'lax',
  });
}
