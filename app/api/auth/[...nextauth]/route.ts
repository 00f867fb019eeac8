import type { NextRequest } from 'next/server';
import { handlers } from '@/lib/auth/auth';

export const { GET } = handlers;

/**
 * Auth.js's POST routes, except a client's session update (`POST /api/auth/session`): nothing in
 * the browser needs one, and the only update is the server's own, when the second factor replaces
 * the pending session (lib/auth/auth.ts, rotateSession).
 */
export function POST(request: NextRequest) {
  if (request.nextUrl.pathname.replace(/\/+$/, '').endsWith('/session'))
    return new Response('Not Found', { status: 404 });
  return handlers.POST(request);
}
