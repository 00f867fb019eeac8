import { isIP } from 'node:net';
import { CONNECTION_ADDRESS_HEADER } from './connection-address';
import { env } from '../env';

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

/** The eight 16-bit groups of an IPv6 address (an embedded dotted IPv4 tail included). */
function ipv6Groups(address: string): number[] {
  let text = address;
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const parse = (part: string | undefined) =>
    part ? part.split(':').map((g) => parseInt(g, 16)) : [];
  const left = parse(head);
  const right = parse(tail);
  const fill = tail === undefined ? [] : Array<number>(8 - left.length - right.length).fill(0);
  return [...left, ...fill, ...right];
}

/**
 * The client a per-client limit counts, from an address in any of its written forms: an IPv4
 * address as is (also when written IPv4-mapped, ::ffff:203.0.113.7, as a dual-stack socket
 * reports it); an IPv6 address as its /64 (2001:db8:1:2::/64), since one subscriber or host is
 * given a whole /64 and could otherwise count as 2^64 clients. Anything else is kept as given.
 */
export function clientKey(ip: string): string {
  let address = ip.trim();
  address = /^\[([^\]]+)\](?::\d+)?$/.exec(address)?.[1] ?? address; // [v6]:port from a proxy
  address = /^(\d+\.\d+\.\d+\.\d+):\d+$/.exec(address)?.[1] ?? address; // v4:port
  address = address.replace(/%.*$/, ''); // a zone id (fe80::1%eth0)
  const version = isIP(address);
  if (version === 4) return address;
  if (version !== 6) return ip;
  const g = ipv6Groups(address.toLowerCase());
  if (g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff)
    return [g[6]! >> 8, g[6]! & 255, g[7]! >> 8, g[7]! & 255].join('.');
  return `${g
    .slice(0, 4)
    .map((x) => x.toString(16))
    .join(':')}::/64`;
}
