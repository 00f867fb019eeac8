import { env } from './env';

/** The client IP from the configured proxy header only; X-Forwarded-For is never trusted blindly. */
export function clientIpFrom(headers: Headers): string | null {
  if (!env.TRUSTED_PROXY_HEADER) return null;
  const value = headers.get(env.TRUSTED_PROXY_HEADER);
  // For X-Forwarded-For the proxy appends the address it saw: the last entry is the trusted one.
  const ip = value?.split(',').at(-1)?.trim();
  return ip && ip.length <= 64 ? ip : null;
}
