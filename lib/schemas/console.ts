import * as z from 'zod/mini';
import { normaliseIdentity, validateIdentity } from '../values/identity';
import { IMPORT_MAX_BYTES } from '../ops/import-limit';
import { normaliseTaxId } from '../values/tax-id';
import { normaliseText } from '../values/text';

// The operator console's forms: their server actions parse with these, and the browser checks
// with them first (react-hook-form's zod resolver). Pure module, no server imports.

const M = {
  taxId: 'console.validation.taxId',
  companyName: 'console.validation.companyName',
  login: 'console.validation.login',
  displayName: 'console.validation.displayName',
  password: 'console.validation.password',
  identity: 'console.validation.identity',
  reason: 'console.validation.reason',
  query: 'console.validation.query',
  file: 'console.validation.file',
  fileTooLarge: 'console.importErrors.tooLarge',
} as const;

export const MIN_PASSWORD_LENGTH = 10;

/** A form field's text, normalised; a field the page did not post reads as empty. */
const typed = (normalise: (raw: unknown) => string) =>
  z.transform((raw: string | undefined) => normalise(raw));

const text = (max: number, message: string) =>
  z.pipe(
    typed(normaliseText),
    z.string().check(z.minLength(1, message), z.maxLength(max, message)),
  );

export const taxIdField = z.pipe(
  typed((raw) => normaliseTaxId(raw) ?? ''),
  z.string().check(z.length(8, M.taxId)),
);

export const loginField = z.pipe(
  typed(normaliseText),
  z.string().check(z.regex(/^[A-Za-z0-9._-]{3,64}$/, M.login)),
);

export const passwordField = z.pipe(
  typed((raw) => (typeof raw === 'string' ? raw : '')),
  z.string().check(z.minLength(MIN_PASSWORD_LENGTH, M.password), z.maxLength(200, M.password)),
);

/** 新增業者: 統一編號 and 名稱. */
export const companySchema = z.object({ taxId: taxIdField, name: text(100, M.companyName) });

/** 新增申請人帳號. */
export const accountSchema = z.object({
  companyTaxId: taxIdField,
  login: loginField,
  displayName: z.pipe(typed(normaliseText), z.string().check(z.maxLength(50, M.displayName))),
  password: passwordField,
});

export const resetPasswordSchema = z.object({ login: loginField, password: passwordField });

export const accountLoginSchema = z.object({ login: loginField });

/** 要求兩步驟驗證 / 取消要求: a company by 統一編號. */
export const companyTaxIdSchema = z.object({ taxId: taxIdField });

/** 移轉人員資料維護. */
export const transferSchema = z.object({
  identityNumber: z.pipe(
    typed(normaliseIdentity),
    z.string().check(z.refine((id) => validateIdentity(id) === null, M.identity)),
  ),
  toTaxId: taxIdField,
  reason: text(200, M.reason),
});

/** 稽核查詢: a pass number, an identity number or a mobile. */
export const auditQuerySchema = z.object({ q: text(32, M.query) });

/**
 * 通行證匯入's file: one CSV, at most IMPORT_MAX_BYTES (the route refuses a larger one too). The
 * upload is a route handler that streams the import's progress, not a server action.
 */
export const importFileSchema = z.object({
  file: z
    .custom<FileList>(
      (files) =>
        typeof files === 'object' && files !== null && 'length' in files && files.length === 1,
      M.file,
    )
    .check(z.refine((files) => (files[0]?.size ?? 0) <= IMPORT_MAX_BYTES, M.fileTooLarge)),
});

/** The console's forms by name, so a server page can name the schema its client form checks with. */
export const CONSOLE_FORMS = {
  company: companySchema,
  account: accountSchema,
  resetPassword: resetPasswordSchema,
  accountLogin: accountLoginSchema,
  companyTaxId: companyTaxIdSchema,
  transfer: transferSchema,
} as const;

export type ConsoleFormName = keyof typeof CONSOLE_FORMS;
