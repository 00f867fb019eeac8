import http from 'node:http';
import { REQUEST_ID_HEADER, requestIdOf } from './request-id';

/**
 * The header `stampConnectionAddresses` sets on every request to the address of the connection
 * it came on, overwriting whatever a client sent under that name.
 */
export const CONNECTION_ADDRESS_HEADER = 'x-connection-address';

const STAMPED = Symbol.for('port-pass.connection-address');

/**
 * `next start` hides the socket from route handlers and actions, and fills X-Forwarded-For only
 * when the client did not send one. So every HTTP request is stamped, before Next sees it, with
 * the address of its connection, under a header a client cannot set (any value it sent is
 * overwritten), and with its request id, which the response carries too. Here rather than in
 * proxy.ts: the route handlers under /api skip the proxy, and still log with an id. Patching the
 * prototype reaches the server `next start` already created; it is the one such patch of Node's,
 * and readiness checks it: /api/health fails when a request reaches it with no client address.
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
