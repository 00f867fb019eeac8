import { z } from 'zod';
import { MIN_PASSWORD_LENGTH } from '../auth/password';
import { normaliseIdentity, validateIdentity } from '../identity';
import { normaliseTaxId } from '../tax-id';
import { normaliseText } from '../text';

// The operator console's forms and the CLI share these: one set of limits for both.
// Pure module (no server imports): the browser forms validate with it too.

const M = {
  taxId: 'console.validation.taxId',
  companyName: 'console.validation.companyName',
  login: 'console.validation.login',
  displayName: 'console.validation.displayName',
  password: 'console.validation.password',
  identity: 'console.validation.identity',
  reason: 'console.validation.reason',
  code: 'console.validation.code',
  query: 'console.validation.query',
} as const;

const text = (max: number, message: string) =>
  z.unknown().transform(normaliseText).pipe(z.string().min(1, message).max(max, message));

export const taxIdField = z
  .unknown()
  .transform((v) => normaliseTaxId(v) ?? '')
  .pipe(z.string().length(8, M.taxId));

export const loginField = z
  .unknown()
  .transform(normaliseText)
  .pipe(z.string().regex(/^[A-Za-z0-9._-]{3,64}$/, M.login));

export const passwordField = z
  .unknown()
  .transform((v) => (typeof v === 'string' ? v : ''))
  .pipe(z.string().min(MIN_PASSWORD_LENGTH, M.password).max(200, M.password));

/** 新增業者: 統一編號 and 名稱. */
export const companySchema = z.object({ taxId: taxIdField, name: text(100, M.companyName) });

/** 新增申請人帳號. */
export const accountSchema = z.object({
  companyTaxId: taxIdField,
  login: loginField,
  // Optional: a missing field is an empty name, never zod's "nonoptional" with no field marked.
  displayName: z.transform(normaliseText).pipe(z.string().max(50, M.displayName)),
  password: passwordField,
});

export const resetPasswordSchema = z.object({ login: loginField, password: passwordField });

export const accountLoginSchema = z.object({ login: loginField });

/** 移轉人員資料維護. */
export const transferSchema = z.object({
  identityNumber: z
    .unknown()
    .transform(normaliseIdentity)
    .refine((id) => validateIdentity(id) === null, M.identity),
  toTaxId: taxIdField,
  reason: text(200, M.reason),
});

/** The second factor: a 6-digit TOTP code or a recovery code. */
export const secondFactorSchema = z.object({
  code: z
    .unknown()
    .transform((v) => normaliseText(v).replace(/\s/g, ''))
    .pipe(z.string().regex(/^(\d{6}|[0-9a-vA-V]{5}-?[0-9a-vA-V]{5})$/, M.code)),
});

/** 稽核查詢: a pass number, an identity number or a mobile. */
export const auditQuerySchema = z.object({ q: text(32, M.query) });
