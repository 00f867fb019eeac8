import { cookies, headers } from 'next/headers';
import { getRequestConfig } from 'next-intl/server';
import { TAIPEI } from '@/lib/dates';
import { isLocale, LOCALE_COOKIE, negotiateLocale, type Locale } from '@/lib/i18n/locales';
import { loadMessages } from '@/lib/i18n/messages';

/** The language: the remembered choice (cookie), else Accept-Language, else zh-TW. */
export default getRequestConfig(async () => {
  const chosen = (await cookies()).get(LOCALE_COOKIE)?.value;
  const locale: Locale = isLocale(chosen)
    ? chosen
    : negotiateLocale((await headers()).get('accept-language'));
  return { locale, messages: loadMessages(locale), timeZone: TAIPEI };
});
