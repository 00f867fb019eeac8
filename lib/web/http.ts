import { env } from '../env';

/** Small pieces every route handler that takes a post needs. */

const hostOf = (url: string) => {
  try {
    return new URL(url).host;
  } catch {
    return null;
  }
};

/** The host the browser asked for: X-Forwarded-Host behind a trusted reverse proxy, else Host. */
export function requestHost(request: Request): string | null {
  const forwarded = env.TRUSTED_PROXY_HEADER ? request.headers.get('x-forwarded-host') : null;
  return forwarded ?? request.headers.get('host');
}

/**
 * As Next does for server actions: the page that posts must be served by this host. A cookie
 * alone is not consent, and a form on another site must not make this one act. X-Forwarded-Host
 * counts only behind a trusted reverse proxy (TRUSTED_PROXY_HEADER set).
 */
export function sameOrigin(request: Request): boolean {
  const origin = request.headers.get('origin');
  const host = requestHost(request);
  return !!origin && !!host && hostOf(origin) === host;
}

/** The body, counted as it arrives (Content-Length is the client's word): null above `limit`. */
export async function readAtMost(request: Request, limit: number): Promise<string | null> {
  const size = Number(request.headers.get('content-length') ?? 0);
  const reader = request.body?.getReader();
  if (size > limit) return reader && size <= 2 * limit ? refuseAfterDraining(reader, limit) : null;
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  for (;;) {
    const next = await reader?.read();
    if (!next || next.done) break;
    bytes += next.value.byteLength;
    if (bytes > limit) return refuseAfterDraining(reader!, limit);
    chunks.push(next.value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Over the limit: the rest of the upload is read and dropped, up to as much again, before the
 * refusal is answered. A client still writing when the server answers and closes may lose the
 * answer to a broken pipe (browsers and Node both can); a body far beyond that is cut instead.
 */
async function refuseAfterDraining(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  limit: number,
): Promise<null> {
  let dropped = 0;
  for (;;) {
    const next = await reader.read();
    if (next.done) return null;
    dropped += next.value.byteLength;
    if (dropped > limit) {
      await reader.cancel();
      return null;
    }
  }
}
