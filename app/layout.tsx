import type { Metadata, Viewport } from 'next';
import { getLocale, getTranslations } from 'next-intl/server';
import { ClientTextProvider } from '@/components/client-text';
import { clientText } from '@/lib/i18n/client-text';
import { htmlLang } from '@/lib/i18n/locales';
import './globals.css';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('common');
  return { title: t('siteName'), description: t('footer') };
}

export const viewport: Viewport = { width: 'device-width', initialScale: 1, themeColor: '#123a58' };

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const locale = await getLocale();
  return (
    <html lang={htmlLang(locale)}>
      <body className="min-h-dvh bg-slate-50 text-slate-900 antialiased">
        {/* The error page's sentences; each layout below adds what its client components say. */}
        <ClientTextProvider text={await clientText(['errors'])}>{children}</ClientTextProvider>
      </body>
    </html>
  );
}
