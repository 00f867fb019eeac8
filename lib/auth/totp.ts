import crypto from 'node:crypto';
import { Secret, TOTP } from 'otpauth';

// RFC 6238 as every authenticator app speaks it: SHA-1, 6 digits, 30-second steps.
const PERIOD = 30;
const DIGITS = 6;
const ISSUER = '港區通行證手機驗證';

function totpOf(secret: string, label = 'operator') {
  return new TOTP({
    issuer: ISSUER,
    label,
    algorithm: 'SHA1',
    digits: DIGITS,
    period: PERIOD,
    secret: Secret.fromBase32(secret),
  });
}

/** A new random secret (160 bits, RFC 4226's recommendation), in base32. */
export const generateTotpSecret = (): string => new Secret({ size: 20 }).base32;

/** The otpauth:// URI an authenticator app reads from the QR code. */
export const totpUri = (secret: string, login: string): string => totpOf(secret, login).toString();

/** The secret in groups of four, easier to type than to read as one string. */
export const groupSecret = (secret: string): string => secret.replace(/(.{4})(?=.)/g, '$1 ');

/** The time step a code belongs to at `now`. */
export const totpStep = (now: Date): number => Math.floor(now.getTime() / 1000 / PERIOD);

/** The code of a time step (tests and the README's demo compute codes with it). */
export const totpCode = (secret: string, now: Date): string =>
  totpOf(secret).generate({ timestamp: now.getTime() });

/**
 * The time step a typed code matches: the current one or one step either side (clock drift), or
 * null. The caller still claims the step once (claimTotpStep), which refuses a replay.
 */
export function matchTotpStep(secret: string, token: string, now: Date): number | null {
  if (!/^\d{6}$/.test(token)) return null;
  const delta = totpOf(secret).validate({ token, timestamp: now.getTime(), window: 1 });
  return delta === null ? null : totpStep(now) + delta;
}

/** Ten single-use recovery codes, 50 bits each, shown once (xxxxx-xxxxx). */
export function generateRecoveryCodes(): string[] {
  return Array.from({ length: 10 }, () => {
    const raw = crypto.randomBytes(8).readBigUInt64BE() % 32n ** 10n;
    const text = raw.toString(32).padStart(10, '0');
    return `${text.slice(0, 5)}-${text.slice(5)}`;
  });
}

/** Recovery codes are random and long, so a plain SHA-256 suffices (no password stretching). */
export const hashRecoveryCode = (code: string): string =>
  crypto
    .createHash('sha256')
    .update(
      code
        .trim()
        .toLowerCase()
        .replace(/[^0-9a-v]/g, ''),
    )
    .digest('hex');

export const looksLikeRecoveryCode = (input: string): boolean =>
  /^[0-9a-v]{5}-?[0-9a-v]{5}$/i.test(input.trim());
