import type { Logger } from 'pino';
import { clientIpFrom } from './client-ip';
import { REQUEST_ID_HEADER } from './request-id';
import { logger } from '../server/logger';

/**
 * The request's id (set for every request before Next, by lib/web/connection-address.ts) and client
 * IP, and a logger that carries the id.
 */
export function requestContext(headers: Headers): { ip: string | null; log: Logger } {
  const requestId = headers.get(REQUEST_ID_HEADER);
  return {
    ip: clientIpFrom(headers),
    log: requestId ? logger.child({ reqId: requestId }) : logger,
  };
}
