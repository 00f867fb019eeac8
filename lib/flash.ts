import crypto from 'node:crypto';
import { getServerSecret } from './secret';

/**
 * A form's answer carried across one redirect, for browsers without JavaScript: the route handler
 * that took the post seals the answer into a short cookie and sends the browser back to the page
 * (303), whose server reads it once and clears it. The answer may hold what the person typed (a
 * mobile, an identity number), so the cookie is encrypted and authenticated (AES-256-GCM with a
 * key derived from the server secret), HttpOnly, and scoped to the one page that shows it.
 */

const LIFETIME_S = 120;

export const FLASH_COOKIE = 'form-answer';

const key = () =>
  Buffer.from(
    crypto.hkdfSync('sha256', getServerSecret(), Buffer.alloc(0), 'public form answer', 32),
  );

/** Sealed for one page: an answer for /login is nothing on /verify. */
export function sealFlash(page: string, value: unknown, now = Date.now()): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', key(), iv);
  const plain = JSON.stringify({ exp: now + LIFETIME_S * 1000, page, value });
  const sealed = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url');
}

/**
 * The value sealed for `page`, or null when it is absent, forged, from another secret, for
 * another page (a cookie planted from elsewhere) or too old.
 */
export function openFlash(page: string, cookie: string | undefined, now = Date.now()): unknown {
  if (!cookie || cookie.length > 8192) return null;
  try {
    const raw = Buffer.from(cookie, 'base64url');
    const decipher = crypto.createDecipheriv('aes-256-gcm', key(), raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    const plain = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]);
    const sealed = JSON.parse(plain.toString('utf8')) as {
      exp: number;
      page: string;
      value: unknown;
    };
    return typeof sealed.exp === 'number' && sealed.exp > now && sealed.page === page
      ? sealed.value
      : null;
  } catch {
    return null;
  }
}

/**
 * The Set-Cookie header that carries `value` to `path`, or clears it there (value undefined);
 * Secure when the page was reached over HTTPS.
 */
export function flashCookie(path: string, https: boolean, value?: unknown): string {
  const common = `Path=${path}; HttpOnly; SameSite=Lax${https ? '; Secure' : ''}`;
  return value === undefined
    ? `${FLASH_COOKIE}=; ${common}; Max-Age=0`
    : `${FLASH_COOKIE}=${sealFlash(path, value)}; ${common}; Max-Age=${LIFETIME_S}`;
}
