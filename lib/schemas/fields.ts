import { normaliseIdentity, normalisePassNumber, validateIdentity } from '../values/identity';
import { normaliseMobile } from '../values/phone';
import { normaliseText } from '../values/text';
import { MESSAGES } from './messages';

// The verification forms' fields as plain functions: raw input to its canonical value or the
// message key of what is wrong. The zod schemas (./verification.ts, ./persons.ts) are built from
// them; the browser runs those schemas through react-hook-form's resolver.

export type Read<T> = { ok: true; value: T } | { ok: false; message: string };

const ok = <T>(value: T): Read<T> => ({ ok: true, value });
const wrong = (message: string): Read<never> => ({ ok: false, message });

export function readPassNumber(raw: unknown): Read<string> {
  const text = normaliseText(raw);
  if (!text) return wrong(MESSAGES.passNumberRequired);
  const value = normalisePassNumber(text);
  return value.length <= 32 && /^[A-Z0-9][A-Z0-9-]*$/.test(value)
    ? ok(value)
    : wrong(MESSAGES.passNumberFormat);
}

export function readIdentity(raw: unknown): Read<string> {
  const text = normaliseText(raw);
  if (!text) return wrong(MESSAGES.identityRequired);
  const value = normaliseIdentity(text);
  const problem = validateIdentity(value);
  if (problem === 'shape') return wrong(MESSAGES.identityFormat);
  return problem === 'checksum' ? wrong(MESSAGES.identityChecksum) : ok(value);
}

/** A Taiwan mobile in any accepted spelling to canonical 09XXXXXXXX. */
export function readMobile(raw: unknown): Read<string> {
  const text = normaliseText(raw);
  if (!text) return wrong(MESSAGES.mobileRequired);
  const value = normaliseMobile(text);
  return value ? ok(value) : wrong(MESSAGES.mobileFormat);
}

/** An optional mobile (修改手機號碼): empty means "use 預設手機號碼" (null). */
export function readOptionalMobile(raw: unknown): Read<string | null> {
  return normaliseText(raw) === '' ? ok(null) : readMobile(raw);
}

export function readCode(raw: unknown): Read<string> {
  const value = normaliseText(raw);
  return /^\d{6}$/.test(value) ? ok(value) : wrong(MESSAGES.codeFormat);
}

export function readReason(raw: unknown): Read<string> {
  const value = normaliseText(raw);
  if (value.length < 2) return wrong(MESSAGES.reasonRequired);
  return value.length <= 200 ? ok(value) : wrong(MESSAGES.reasonTooLong);
}
