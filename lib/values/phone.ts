import { normaliseText } from './text';

/** Canonical Taiwan mobile: 09 + 8 digits. */
const MOBILE = /^09\d{8}$/;

/**
 * Accepts 0912-345-678, 0912 345 678, +886912345678, 886912345678 and full-width digits;
 * returns 09XXXXXXXX or null.
 */
export function normaliseMobile(input: unknown): string | null {
  const text = normaliseText(input);
  if (text.length > 32) return null;
  let digits = text.replace(/[\s\-().]/g, '');
  if (digits.startsWith('+886')) digits = `0${digits.slice(4)}`;
  else if (/^886\d{9}$/.test(digits)) digits = `0${digits.slice(3)}`;
  // +886 09… is a common mistake: the trunk zero typed after the country code.
  digits = digits.replace(/^00+9/, '09');
  return MOBILE.test(digits) ? digits : null;
}

export function toE164(mobile: string): string {
  return `+886${mobile.slice(1)}`;
}

/** 0912345678 → 0912-345-678 */
export function formatMobile(mobile: string | null | undefined): string {
  if (!mobile) return '';
  return MOBILE.test(mobile)
    ? `${mobile.slice(0, 4)}-${mobile.slice(4, 7)}-${mobile.slice(7)}`
    : mobile;
}

/** 0912345678 → 0912-***-678, for logs and history. */
export function maskMobile(mobile: string | null | undefined): string {
  if (!mobile) return '';
  return MOBILE.test(mobile) ? `${mobile.slice(0, 4)}-***-${mobile.slice(7)}` : '***';
}
