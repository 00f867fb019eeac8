import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';

/** A page title in the request's language: "<page>|<site>". */
export function titled(key: string) {
  return async function generateMetadata(): Promise<Metadata> {
    const t = await getTranslations();
    return { title: `${t(key)}|${t('common.siteName')}` };
  };
}
