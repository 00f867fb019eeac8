import { validateIdCardNumber } from 'taiwan-id-validator';
import { normaliseText } from './text';

/** One letter + nine digits, or two letters + eight digits (old resident certificate). */
const IDENTITY_SHAPE = /^(?:[A-Z]\d{9}|[A-Z]{2}\d{8})$/;

export function normaliseIdentity(input: unknown): string {
  return normaliseText(input).toUpperCase();
}

/** Lookups check only the shape: the manual's own QQ12345673 has no valid check digit. */
export function isIdentityShape(identity: string): boolean {
  return IDENTITY_SHAPE.test(identity);
}

export type IdentityProblem = 'shape' | 'checksum';

/** Full validation (format and check digit) for creating person records and importing passes. */
export function validateIdentity(identity: string): IdentityProblem | null {
  if (!isIdentityShape(identity)) return 'shape';
  const result = validateIdCardNumber(identity);
  if (result.valid) return null;
  return result.reason === 'INVALID_CHECKSUM' ? 'checksum' : 'shape';
}

/** QQ12345673 → QQ1****673, for logs. */
export function maskIdentity(identity: string | null | undefined): string {
  if (!identity) return '';
  return identity.length === 10 ? `${identity.slice(0, 3)}****${identity.slice(7)}` : '***';
}

export function normalisePassNumber(input: unknown): string {
  return normaliseText(input).toUpperCase();
}
