import { isLocale, LOCALE_COOKIE } from '@/lib/i18n/locales';
import { overHttps, readAtMost, requestHost, sameOrigin } from '@/lib/http';

/**
 * The language switcher, on every page: the choice is remembered for a year and the browser goes
 * back to the page it came from (a same-site path only). A plain form post, so it works without
 * JavaScript and from both the public pages and the signed-in areas.
 */
export async function POST(request: Request): Promise<Response> {
  if (!sameOrigin(request)) return new Response('Forbidden', { status: 403 });
  const body = await readAtMost(request, 1024);
  const locale = new URLSearchParams(body ?? '').get('locale');
  const headers = new Headers({ location: backTo(request), 'cache-control': 'no-store' });
  if (isLocale(locale)) {
    const secure = overHttps(request.headers.get('x-forwarded-proto')) ? '; Secure' : '';
    headers.set(
      'set-cookie',
      `${LOCALE_COOKIE}=${locale}; Path=/; Max-Age=${365 * 24 * 3600}; SameSite=Lax${secure}`,
    );
  }
  return new Response(null, { status: 303, headers });
}

/** The page the switcher was on (Referer, same origin), else the home page. */
function backTo(request: Request): string {
  try {
    const referer = new URL(request.headers.get('referer') ?? '');
    // One leading slash: '//elsewhere' would be another site.
    if (referer.host === (requestHost(request) ?? new URL(request.url).host))
      return `/${referer.pathname.replace(/^\/+/, '')}${referer.search}`;
  } catch {
    // no or broken Referer
  }
  return '/';
}
