import type { AppProps } from 'next/app';
import Head from 'next/head';
import '@/app/globals.css';
import { ClientTextProvider } from '@/components/client-text';
import { PublicShell } from '@/components/site-header';
import type { PublicPageProps } from '@/lib/public/page-props';

/**
 * The Pages Router serves two pages only, /login and /verify: the pass holder's way in, opened on
 * prepaid phones. Its client runtime is about 20 kB (gzipped) lighter than the App Router's, which
 * alone is above the public pages' budget of 130 kB (bench/NOTES.md). Everything else, the home
 * page included, is the App Router. Both share the header, the forms and the words; the forms post
 * to route handlers (app/api/verify, app/api/sign-in, app/api/locale).
 */
export default function PublicApp({ Component, pageProps }: AppProps<PublicPageProps>) {
  // Next's own error pages of this router come without them (unknown paths get app/not-found).
  if (!pageProps.text) return <Component {...pageProps} />;
  return (
    <ClientTextProvider text={pageProps.text}>
      <Head>
        <title>{pageProps.title}</title>
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="theme-color" content="#123a58" />
        <meta name="description" content={pageProps.text['common.footer']} />
      </Head>
      <PublicShell locale={pageProps.locale}>
        <Component {...pageProps} />
      </PublicShell>
    </ClientTextProvider>
  );
}
