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
 * Gives every request an id that the logs carry, and every page its CSP nonce. An incoming
 * x-request-id is kept only behind a trusted reverse proxy (TRUSTED_PROXY_HEADER set): a client
 * must not choose its log identity.
 */
export function proxy(request: NextRequest) {
  const incoming = env.TRUSTED_PROXY_HEADER ? request.headers.get('x-request-id') : null;
  const id = incoming && /^[\w.-]{8,64}$/.test(incoming) ? incoming : crypto.randomUUID();
  const nonce = Buffer.from(crypto.randomUUID()).toString('base64');
  const csp = contentSecurityPolicy(nonce);
  const headers = new Headers(request.headers);
  headers.set('x-request-id', id);
  headers.set('x-nonce', nonce);
  headers.set('content-security-policy', csp);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set('x-request-id', id);
  response.headers.set('content-security-policy', csp);
  return response;
}

export const config = {
  matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'],
};
