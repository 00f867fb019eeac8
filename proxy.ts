import { NextResponse, type NextRequest } from 'next/server';

/** Gives every request an id (kept from a trusted proxy if present) that the logs carry. */
export function proxy(request: NextRequest) {
  const incoming = request.headers.get('x-request-id');
  const id = incoming && /^[\w.-]{8,64}$/.test(incoming) ? incoming : crypto.randomUUID();
  const headers = new Headers(request.headers);
  headers.set('x-request-id', id);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set('x-request-id', id);
  return response;
}

export const config = {
  matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'],
};
