import { z } from 'zod';
import { isIdentityShape, normaliseIdentity, normalisePassNumber } from '../identity';
import { normaliseMobile } from '../phone';
import { normaliseText } from '../text';
import { MESSAGES } from './messages';

// The verification forms' schemas: pure (no server imports), so the browser's forms
// (zodResolver), the server actions and the engine share one definition each.

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

export const mobileField = text.pipe(
  z.string().min(1, MESSAGES.mobileRequired).transform(toCanonicalMobile),
);

/** An optional mobile (修改手機號碼): empty means "use 預設手機號碼". */
export const optionalMobileField = text.pipe(
  z.string().transform((v, ctx) => (v === '' ? null : toCanonicalMobile(v, ctx))),
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

/** 取得驗證碼 on a pass page: the pass, and 修改手機號碼 (empty = 預設手機號碼). */
export const applicantIssueSchema = z.object({
  passNumber: passNumberField,
  changedMobile: optionalMobileField,
});

/** 送出驗證碼 on a pass page. */
export const applicantConfirmSchema = z.object({ passNumber: passNumberField, code: codeField });

/** Cancelling a pass's pending or locked code, with the reason kept in its history. */
export const cancelSchema = z.object({
  passNumber: passNumberField,
  reason: text.pipe(z.string().min(2, MESSAGES.reasonRequired).max(200, MESSAGES.reasonTooLong)),
});

/** The public form's one action: [取得驗證碼] (intent=issue) or [送出驗證碼] (intent=confirm). */
export const verifyFormSchema = z.preprocess(
  // A form submitted with Enter and no button names no intent: that is [取得驗證碼].
  (raw) =>
    raw && typeof raw === 'object' && !('intent' in raw) ? { ...raw, intent: 'issue' } : raw,
  z.discriminatedUnion('intent', [
    publicIssueSchema.extend({ intent: z.literal('issue') }),
    publicConfirmSchema.extend({ intent: z.literal('confirm') }),
  ]),
);
