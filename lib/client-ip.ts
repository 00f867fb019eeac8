import { CONNECTION_ADDRESS_HEADER } from './connection-address';
import { env } from './env';

/**
 * Who the client is, for per-client limits and logs. Behind a reverse proxy, the header it sets
 * (TRUSTED_PROXY_HEADER); directly exposed, the connection's address. A client-supplied
 * X-Forwarded-For is never an identity unless the operator names it as the proxy's header.
 * Never null: a request whose address is unknown shares one 'unknown' budget (fails closed).
 */
export function clientIpFrom(headers: Headers): string {
  if (env.TRUSTED_PROXY_HEADER) {
    // For X-Forwarded-For the proxy appends the address it saw: the last entry is the trusted one.
    const ip = headers.get(env.TRUSTED_PROXY_HEADER)?.split(',').at(-1)?.trim();
    if (ip && ip.length <= 64) return ip;
  }
  return headers.get(CONNECTION_ADDRESS_HEADER)?.slice(0, 64) || 'unknown';
}

/** A client address for logs: the network, not the host (203.0.113.x, 2001:db8:1::x). */
export function maskClient(ip: string | null | undefined): string {
  if (!ip) return '';
  const v4 = /^(?:::ffff:)?(\d{1,3}\.\d{1,3}\.\d{1,3})\.\d{1,3}$/.exec(ip);
  if (v4) return `${v4[1]}.x`;
  if (ip.includes(':')) return `${ip.split(':').slice(0, 3).join(':')}::x`;
  return 'x';
}
