// Every text input is NFKC-normalised (full-width digits and letters become ASCII) and trimmed.
export function normaliseText(value: unknown): string {
  if (typeof value !== 'string') return '';
  return value.normalize('NFKC').trim();
}
