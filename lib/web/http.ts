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

/**
 * The body, counted as it arrives (Content-Length is the client's word): null above `limit`,
 * once the rest is drained (`drainMs`, DRAIN_MS unless a test shortens it).
 */
export async function readAtMost(
  request: Request,
  limit: number,
  { drainMs = DRAIN_MS } = {},
): Promise<string | null> {
  const size = Number(request.headers.get('content-length') ?? 0);
  const reader = request.body?.getReader();
  if (!reader) return '';
  if (size > limit) return size <= 2 * limit ? drain(reader, limit, drainMs) : null;
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  for (;;) {
    const next = await reader.read();
    if (next.done) break;
    bytes += next.value.byteLength;
    if (bytes > limit) return drain(reader, limit, drainMs);
    chunks.push(next.value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** How long a refused upload is drained at the most (a client trickling its body is cut then). */
const DRAIN_MS = 10_000;

/**
 * Reads and drops the rest of a request's body, up to `limit` bytes and DRAIN_MS, before a
 * refusal is answered: a client still writing when the server answers and closes may lose the
 * answer to a broken pipe (browsers and Node both can). A body beyond that is cut instead.
 */
export async function discardBody(request: Request, limit: number): Promise<void> {
  const reader = request.body?.getReader();
  if (reader) await drain(reader, limit, DRAIN_MS);
}

async function drain(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  limit: number,
  drainMs: number,
): Promise<null> {
  const until = Date.now() + drainMs;
  let dropped = 0;
  while (dropped <= limit) {
    const left = until - Date.now();
    if (left <= 0) break;
    let timer: NodeJS.Timeout | undefined;
    const next = await Promise.race([
      reader.read(),
      new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), left))),
    ]).finally(() => clearTimeout(timer));
    if (next === null) break;
    if (next.done) return null;
    dropped += next.value.byteLength;
  }
  await reader.cancel().catch(() => {});
  return null;
}
