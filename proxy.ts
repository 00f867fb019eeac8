import { NextResponse, type NextRequest } from 'next/server';
import { env } from '@/lib/env';

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
 * Gives every page its CSP nonce (the request id is set for every request before Next, in
 * lib/connection-address.ts). Not run for the route handlers under /api: they answer JSON,
 * redirects and streams, which run no script, and the proxy is one more pass through Next on
 * every public send (README, "No hot rows"). Nor for the console import's upload
 * (/console/import/run): Next buffers a proxied body in memory and silently cuts it at
 * `proxyClientMaxBodySize`, so the route reads its body itself and refuses what is too large.
 */
export function proxy(request: NextRequest) {
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
