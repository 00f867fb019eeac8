import { z } from 'zod';
import { isIdentityShape, normaliseIdentity, normalisePassNumber } from '../identity';
import { normaliseMobile } from '../phone';
import { normaliseText } from '../text';

// One schema per form, used by zodResolver in the browser and by the server action.

// Messages are translation keys (messages/*.json, "validation"): the UI shows them in its language.
export const MESSAGES = {
  passNumberRequired: 'validation.passNumberRequired',
  passNumberFormat: 'validation.passNumberFormat',
  identityRequired: 'validation.identityRequired',
  identityFormat: 'validation.identityFormat',
  identityChecksum: 'validation.identityChecksum',
  mobileRequired: 'validation.mobileRequired',
  mobileFormat: 'validation.mobileFormat',
  codeFormat: 'validation.codeFormat',
  loginRequired: 'validation.loginRequired',
  passwordRequired: 'validation.passwordRequired',
  nameRequired: 'validation.nameRequired',
  nameTooLong: 'validation.nameTooLong',
  reasonRequired: 'validation.reasonRequired',
  reasonTooLong: 'validation.reasonTooLong',
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

/** A Taiwan mobile in any accepted spelling to canonical 09XXXXXXXX, or a field message. */
function toCanonicalMobile(v: string, ctx: z.RefinementCtx): string {
  const mobile = normaliseMobile(v);
  if (!mobile) {
    ctx.addIssue({ code: 'custom', message: MESSAGES.mobileFormat });
    return z.NEVER;
  }
  return mobile;
}

export const mobileField = text.pipe(z.string().min(1, MESSAGES.mobileRequired).transform(toCanonicalMobile));

/** An optional mobile (修改手機號碼): empty means "use 預設手機號碼". */
export const optionalMobileField = text.pipe(z.string().transform((v, ctx) => (v === '' ? null : toCanonicalMobile(v, ctx))));

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
