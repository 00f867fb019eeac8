import { validateBan } from 'taiwan-id-validator';
import { normaliseText } from './text';

/** 統一編號: eight digits with the Ministry of Finance checksum (divisible-by-5 rule). */
export function normaliseTaxId(input: unknown): string | null {
  const taxId = normaliseText(input);
  return /^\d{8}$/.test(taxId) && validateBan(taxId).valid ? taxId : null;
}
