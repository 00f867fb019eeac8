import crypto from 'node:crypto';
import http from 'node:http';
import { env } from './env';

/**
 * The header `stampConnectionAddresses` sets on every request to the address of the connection
 * it came on, overwriting whatever a client sent under that name.
 */
export const CONNECTION_ADDRESS_HEADER = 'x-connection-address';

/** The request's id in the logs and on the response, set on every request the same way. */
export const REQUEST_ID_HEADER = 'x-request-id';

const STAMPED = Symbol.for('port-pass.connection-address');

/**
 * An incoming request id is kept only behind a trusted reverse proxy (TRUSTED_PROXY_HEADER set),
 * and only if it looks like one: a client must not choose its log identity.
 */
function requestIdOf(incoming: string | string[] | undefined): string {
  const kept = env.TRUSTED_PROXY_HEADER && typeof incoming === 'string' ? incoming : null;
  return kept && /^[\w.-]{8,64}$/.test(kept) ? kept : crypto.randomUUID();
}

/**
 * `next start` hides the socket from route handlers and actions, and fills X-Forwarded-For only
 * when the client did not send one. So every HTTP request is stamped, before Next sees it, with
 * the address of its connection, under a header a client cannot set (any value it sent is
 * overwritten), and with its request id, which the response carries too. Here rather than in
 * proxy.ts: the route handlers under /api skip the proxy, and still log with an id. Patching the
 * prototype reaches the server `next start` already created.
 */
export function stampConnectionAddresses(): void {
  const proto = http.Server.prototype as http.Server & { [STAMPED]?: true };
  if (proto[STAMPED]) return;
  const emit = proto.emit;
  proto.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === 'request') {
      const request = args[0] as http.IncomingMessage;
      request.headers[CONNECTION_ADDRESS_HEADER] = request.socket?.remoteAddress ?? 'unknown';
      const id = requestIdOf(request.headers[REQUEST_ID_HEADER]);
      request.headers[REQUEST_ID_HEADER] = id;
      (args[1] as http.ServerResponse | undefined)?.setHeader(REQUEST_ID_HEADER, id);
    }
    return (emit as (...a: unknown[]) => boolean).call(this, event, ...args);
  } as typeof proto.emit;
  proto[STAMPED] = true;
}
