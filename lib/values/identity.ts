import { validateIdCardNumber } from 'taiwan-id-validator';
import { normaliseText } from './text';

/** One letter + nine digits, or two letters + eight digits (old resident certificate). */
const IDENTITY_SHAPE = /^(?:[A-Z]\d{9}|[A-Z]{2}\d{8})$/;

export function normaliseIdentity(input: unknown): string {
  return normaliseText(input).toUpperCase();
}

/** One letter + nine digits or two letters + eight digits: what the audit search recognises. */
export function isIdentityShape(identity: string): boolean {
  return IDENTITY_SHAPE.test(identity);
}

export type IdentityProblem = 'shape' | 'checksum';

/**
 * The one identity rule of every form, the import and the CLI: the shape, then the check digit
 * wherever the number belongs to a series with one (national ID, both resident-certificate
 * formats). A number of the right shape in a series the validator does not know — the manual's
 * own QQ12345673, issued by the pass system — is accepted as the pass system wrote it.
 */
export function validateIdentity(identity: string): IdentityProblem | null {
  if (!isIdentityShape(identity)) return 'shape';
  const result = validateIdCardNumber(identity);
  return !result.valid && result.reason === 'INVALID_CHECKSUM' ? 'checksum' : null;
}

/** QQ12345673 → QQ1****673, for logs. */
export function maskIdentity(identity: string | null | undefined): string {
  if (!identity) return '';
  return identity.length === 10 ? `${identity.slice(0, 3)}****${identity.slice(7)}` : '***';
}

export function normalisePassNumber(input: unknown): string {
  return normaliseText(input).toUpperCase();
}
