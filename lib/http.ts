/** Small pieces every route handler that takes a post needs. */

const hostOf = (url: string) => {
  try {
    return new URL(url).host;
  } catch {
    return null;
  }
};

/**
 * As Next does for server actions: the page that posts must be served by this host. A cookie
 * alone is not consent, and a form on another site must not make this one act.
 */
export function sameOrigin(request: Request): boolean {
  const origin = request.headers.get('origin');
  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host');
  return !!origin && !!host && hostOf(origin) === host;
}

/** The body, counted as it arrives (Content-Length is the client's word): null above `limit`. */
export async function readAtMost(request: Request, limit: number): Promise<string | null> {
  const size = Number(request.headers.get('content-length') ?? 0);
  if (size > limit) return null;
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  const reader = request.body?.getReader();
  for (;;) {
    const next = await reader?.read();
    if (!next || next.done) break;
    bytes += next.value.byteLength;
    if (bytes > limit) {
      await reader!.cancel();
      return null;
    }
    chunks.push(next.value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
