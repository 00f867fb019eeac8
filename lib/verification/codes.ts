import crypto from 'node:crypto';

/** manual: a six-digit code, from the cryptographic RNG. */
export function generateCode(): string {
  return crypto.randomInt(0, 1_000_000).toString().padStart(6, '0');
}

/** Codes are stored only as HMAC-SHA256(server secret, attempt id + code). */
export function hashCode(secret: string, attemptId: string, code: string): string {
  return crypto.createHmac('sha256', secret).update(`${attemptId}.${code}`).digest('hex');
}

export function codeMatches(
  secret: string,
  attemptId: string,
  code: string,
  storedHash: string,
): boolean {
  const candidate = Buffer.from(hashCode(secret, attemptId, code), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return candidate.length === stored.length && crypto.timingSafeEqual(candidate, stored);
}
