import Document, { Head, Html, Main, NextScript, type DocumentContext } from 'next/document';
import { htmlLang } from '@/lib/i18n/locales';

/**
 * The document of the public pages served by the Pages Router (/login, /verify): the same <html>
 * and <body> as app/layout.tsx, and the CSP nonce that proxy.ts gave this request on every script.
 */
export default class PublicDocument extends Document<{ nonce?: string }> {
  static async getInitialProps(ctx: DocumentContext) {
    const initial = await Document.getInitialProps(ctx);
    const nonce = ctx.req?.headers['x-nonce'];
    return { ...initial, nonce: typeof nonce === 'string' ? nonce : undefined };
  }

  render() {
    const { nonce, __NEXT_DATA__ } = this.props;
    const locale = (__NEXT_DATA__.props?.pageProps as { locale?: string } | undefined)?.locale;
    return (
      <Html lang={htmlLang(locale ?? 'zh-TW')}>
        <Head nonce={nonce} />
        <body className="min-h-dvh bg-slate-50 text-slate-900 antialiased">
          <Main />
          <NextScript nonce={nonce} />
        </body>
      </Html>
    );
  }
}
