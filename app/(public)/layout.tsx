import { getLocale } from 'next-intl/server';
import { ClientTextProvider } from '@/components/client-text';
import { SiteFooter, SiteHeader } from '@/components/site-header';
import { clientText } from '@/lib/i18n/client-text';

export default async function PublicLayout({ children }: { children: React.ReactNode }) {
  // The header's and footer's words (the language switcher's among them).
  const text = await clientText(['common']);
  return (
    <ClientTextProvider text={text}>
      <SiteHeader locale={await getLocale()} />
      <main className="mx-auto w-full max-w-5xl px-4 py-6 sm:py-10">{children}</main>
      <SiteFooter />
    </ClientTextProvider>
  );
}
