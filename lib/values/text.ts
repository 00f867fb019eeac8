// Control characters (NUL above all: PostgreSQL refuses it in text) never belong in a field.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

// Every text input is NFKC-normalised (full-width digits and letters become ASCII), stripped of
// control characters and trimmed.
export function normaliseText(value: unknown): string {
  if (typeof value !== 'string') return '';
  return value.normalize('NFKC').replace(CONTROL, '').trim();
}
