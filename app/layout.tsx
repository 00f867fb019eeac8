import type { Metadata, Viewport } from 'next';
import { NextIntlClientProvider } from 'next-intl';
import { getLocale, getMessages, getTranslations } from 'next-intl/server';
import './globals.css';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('common');
  return { title: t('siteName'), description: t('footer') };
}

const CLIENT_NAMESPACES = [
  'common',
  'login',
  'verify',
  'validation',
  'dashboard',
  'errors',
] as const;

export const viewport: Viewport = { width: 'device-width', initialScale: 1, themeColor: '#123a58' };

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const locale = await getLocale();
  const messages = await getMessages();
  // Client components need only these; the rest stays on the server (smaller pages).
  const clientMessages = Object.fromEntries(CLIENT_NAMESPACES.map((ns) => [ns, messages[ns]]));
  return (
    <html lang={locale === 'zh-TW' ? 'zh-Hant-TW' : locale}>
      <body className="min-h-dvh bg-slate-50 text-slate-900 antialiased">
        <NextIntlClientProvider messages={clientMessages}>{children}</NextIntlClientProvider>
      </body>
    </html>
  );
}
