import { z } from 'zod';
import { isIdentityShape, normaliseIdentity, normalisePassNumber } from '../identity';
import { normaliseMobile } from '../phone';
import { normaliseText } from '../text';

// One schema per form, used by zodResolver in the browser and by the server action.

export const MESSAGES = {
  passNumberRequired: '請輸入通行證號',
  passNumberFormat: '通行證號格式不正確,例如 KHPS113-000043',
  identityRequired: '請輸入身份證號',
  identityFormat: '身份證號格式不正確:1 個英文字母加 9 位數字,或 2 個英文字母加 8 位數字',
  mobileRequired: '請輸入手機號碼',
  mobileFormat: '手機號碼格式不正確,請輸入 09 開頭的 10 位數字',
  codeFormat: '請輸入6位數字驗證碼',
} as const;

const text = z.unknown().transform((v) => normaliseText(v));

export const passNumberField = text.pipe(
  z
    .string()
    .min(1, MESSAGES.passNumberRequired)
    .max(32, MESSAGES.passNumberFormat)
    .transform(normalisePassNumber)
    .pipe(z.string().regex(/^[A-Z0-9][A-Z0-9-]*$/, MESSAGES.passNumberFormat)),
);

export const identityField = text.pipe(
  z
    .string()
    .min(1, MESSAGES.identityRequired)
    .transform(normaliseIdentity)
    .refine(isIdentityShape, MESSAGES.identityFormat),
);

export const mobileField = text.pipe(
  z
    .string()
    .min(1, MESSAGES.mobileRequired)
    .transform((v, ctx) => {
      const mobile = normaliseMobile(v);
      if (!mobile) {
        ctx.addIssue({ code: 'custom', message: MESSAGES.mobileFormat });
        return z.NEVER;
      }
      return mobile;
    }),
);

/** An optional mobile (修改手機號碼): empty means "use 預設手機號碼". */
export const optionalMobileField = text.pipe(
  z.string().transform((v, ctx) => {
    if (v === '') return null;
    const mobile = normaliseMobile(v);
    if (!mobile) {
      ctx.addIssue({ code: 'custom', message: MESSAGES.mobileFormat });
      return z.NEVER;
    }
    return mobile;
  }),
);

export const codeField = text.pipe(z.string().regex(/^\d{6}$/, MESSAGES.codeFormat));

/** 取得驗證碼 on the public dialog. */
export const publicIssueSchema = z.object({
  passNumber: passNumberField,
  identityNumber: identityField,
  mobile: mobileField,
});

/** 送出驗證碼 on the public dialog: the same triple plus the code. */
export const publicConfirmSchema = publicIssueSchema.extend({ code: codeField });

export type PublicIssueInput = z.output<typeof publicIssueSchema>;
export type PublicConfirmInput = z.output<typeof publicConfirmSchema>;

/** Field errors as { field: first message }, the shape every form shows. */
export type FieldErrors = Partial<Record<string, string>>;

export function toFieldErrors(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? 'form');
    out[key] ??= issue.message;
  }
  return out;
}
