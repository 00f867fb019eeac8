import { cookies, headers } from 'next/headers';
import { getRequestConfig } from 'next-intl/server';
import { TAIPEI } from '@/lib/values/dates';
import { chooseLocale, LOCALE_COOKIE } from '@/lib/i18n/locales';
import { loadMessages } from '@/lib/i18n/messages';

/** The language (chooseLocale) and its messages, for the App Router's pages. */
export default getRequestConfig(async () => {
  const locale = chooseLocale(
    (await cookies()).get(LOCALE_COOKIE)?.value,
    (await headers()).get('accept-language'),
  );
  return { locale, messages: loadMessages(locale), timeZone: TAIPEI };
});
