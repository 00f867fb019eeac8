import 'server-only';
import { overHttps, readAtMost, sameOrigin } from './http';
import { flashCookie } from './flash';

/** A public form is a few short fields (each read up to 1,000 characters); more is not one of ours. */
const MAX_BYTES = 64 * 1024;

// Never cached; and not compressed on the way out: an answer is a few hundred bytes, which gzip
// barely shrinks, at a measured ~0.5 ms of CPU each (Next's compression honours no-transform).
const NO_STORE = { 'cache-control': 'no-store, no-transform' };

/**
 * The route handler behind a public form (the public pages ship no server-action runtime). The
 * page's script posts with `Accept: application/json` and gets the answer as JSON; a browser
 * without JavaScript posts the same fields as a plain form and is sent back to `page` (303) with
 * the answer sealed in a one-time cookie (./flash.ts), or on to where the answer says to go.
 * Posts from another origin, other encodings and oversized bodies are refused before any work.
 */
export function formRoute<State extends { nonce: number; redirectTo?: string }>({
  answer,
  prev,
  page,
}: {
  answer: (prev: State, form: FormData) => Promise<State>;
  /** The state the form was showing, from its hidden fields. */
  prev: (fields: URLSearchParams) => State;
  page: string;
}) {
  return async function POST(request: Request): Promise<Response> {
    if (!sameOrigin(request)) return new Response('Forbidden', { status: 403, headers: NO_STORE });
    const type = request.headers.get('content-type') ?? '';
    if (!type.startsWith('application/x-www-form-urlencoded'))
      return new Response('Unsupported Media Type', { status: 415, headers: NO_STORE });
    const body = await readAtMost(request, MAX_BYTES);
    if (body === null) return new Response('Payload Too Large', { status: 413, headers: NO_STORE });
    const fields = new URLSearchParams(body);
    const form = new FormData();
    for (const [name, value] of fields) form.append(name, value);
    const state = await answer(prev(fields), form);
    if (request.headers.get('accept')?.includes('application/json'))
      return Response.json(state, { headers: NO_STORE });
    const https = overHttps(request.headers.get('x-forwarded-proto'));
    const headers = new Headers(NO_STORE);
    if (state.redirectTo) headers.set('location', state.redirectTo);
    else {
      headers.set('location', page);
      headers.append('set-cookie', flashCookie(page, https, state));
    }
    return new Response(null, { status: 303, headers });
  };
}
