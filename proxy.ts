import { NextResponse, type NextRequest } from 'next/server';
import { env } from '@/lib/env';
import { ACTION_BODY_LIMIT } from '@/lib/web/action-limit';
import { sameOrigin } from '@/lib/web/http';

/**
 * The Content-Security-Policy of every page: scripts only with this response's nonce (Next puts
 * it on its own scripts when it finds it in the request's CSP header) and whatever they load.
 */
function contentSecurityPolicy(nonce: string): string {
  const dev = env.NODE_ENV === 'development';
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * Refuses a server action posted from another site or over the body limit, and gives every page
 * its CSP nonce (the request id is set for every request before Next, in
 * lib/web/connection-address.ts). Not run for the route handlers under /api: they answer JSON,
 * redirects and streams, which run no script. Nor for the console import's upload
 * (/console/import/run): Next buffers a proxied body in memory and silently cuts it at
 * `proxyClientMaxBodySize`, so the route reads its body itself and refuses what is too large.
 */
export function proxy(request: NextRequest) {
  // A server action: the script's post names it in a header, a form without script posts
  // multipart. Next refuses another site's post and an oversized body itself, but as a 500;
  // these answers say what is wrong, before any action code runs.
  const action =
    request.headers.has('next-action') ||
    (request.headers.get('content-type') ?? '').startsWith('multipart/form-data');
  if (request.method === 'POST' && action) {
    if (!sameOrigin(request)) return new NextResponse('Forbidden', { status: 403 });
    // Browsers send a form's length, with script or without; a body without one (chunked) could
    // not be checked, and Next would cut it at the limit with a 500.
    const length = request.headers.get('content-length');
    if (length === null) return new NextResponse('Length Required', { status: 411 });
    if (Number(length) > ACTION_BODY_LIMIT)
      return new NextResponse('Payload Too Large', { status: 413 });
  }
  const nonce = Buffer.from(crypto.randomUUID()).toString('base64');
  const csp = contentSecurityPolicy(nonce);
  const headers = new Headers(request.headers);
  headers.set('x-nonce', nonce);
  headers.set('content-security-policy', csp);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set('content-security-policy', csp);
  return response;
}

export const config = {
  matcher: ['/((?!_next/static|_next/image|favicon.ico|api/|console/import/run).*)'],
};
