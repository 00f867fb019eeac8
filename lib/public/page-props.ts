import type { GetServerSidePropsContext } from 'next';
import { chooseLocale, LOCALE_COOKIE, type Locale } from '../i18n/locales';
import { flatText, loadMessages } from '../i18n/messages';
import { FLASH_COOKIE, flashCookie, openFlash } from '../flash';
import { overHttps } from '../http';

/** What every public page of the Pages Router gets from its server: language and words. */
export interface PublicPageProps {
  locale: Locale;
  /** The words of its client components, flattened as ClientTextProvider takes them. */
  text: Record<string, string>;
  /** "<page>|<site>", as the App Router's pages are titled. */
  title: string;
}

/**
 * The language as the App Router chooses it (i18n/request.ts), `namespaces` of its messages and
 * the page's title. The page is personal (an answer may be on it) and is never cached.
 */
export function publicPageProps(
  { req, res }: GetServerSidePropsContext,
  namespaces: readonly string[],
  titleKey: string,
): PublicPageProps {
  res.setHeader('cache-control', 'no-store');
  const locale = chooseLocale(req.cookies[LOCALE_COOKIE], req.headers['accept-language']);
  const text = flatText(loadMessages(locale), ['common', ...namespaces]);
  return { locale, text, title: `${text[titleKey]}|${text['common.siteName']}` };
}

/**
 * The answer a form's route handler sealed for this page (lib/form-route.ts), read once:
 * the cookie is cleared with this response.
 */
export function takeFlash<T>({ req, res, resolvedUrl }: GetServerSidePropsContext): T | null {
  const cookie = req.cookies[FLASH_COOKIE];
  if (!cookie) return null;
  const page = resolvedUrl.split('?')[0] ?? '/';
  const https = overHttps(req.headers['x-forwarded-proto']);
  res.setHeader('set-cookie', flashCookie(page, https));
  return openFlash(page, cookie) as T | null;
}
