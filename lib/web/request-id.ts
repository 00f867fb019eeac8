import crypto from 'node:crypto';
import { env } from '../env';

/** The request's id in the logs and on the response, set on every request the same way. */
export const REQUEST_ID_HEADER = 'x-request-id';

/**
 * An incoming request id is kept only behind a trusted reverse proxy (TRUSTED_PROXY_HEADER set),
 * and only if it looks like one: a client must not choose its log identity.
 */
export function requestIdOf(incoming: string | string[] | undefined): string {
  const kept = env.TRUSTED_PROXY_HEADER && typeof incoming === 'string' ? incoming : null;
  return kept && /^[\w.-]{8,64}$/.test(kept) ? kept : crypto.randomUUID();
}
