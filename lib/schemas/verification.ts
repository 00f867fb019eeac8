import * as z from 'zod/mini';
import {
  type Read,
  readCode,
  readIdentity,
  readMobile,
  readOptionalMobile,
  readPassNumber,
  readReason,
} from './fields';

// The verification forms' schemas, built from the field readers of ./fields.ts (which the public
// form also uses in the browser): the server actions parse with them, once.

/**
 * A field as a schema: its reader's value, or its reader's message as the issue. A bare transform,
 * not a pipe from z.unknown(): zod refuses a missing key before a piped reader sees it, so a field
 * a page does not render (修改手機號碼 for a company that does not maintain the record) would fail
 * as "nonoptional" instead of reaching its reader, which decides what absent means.
 */
const field = <T>(read: (raw: unknown) => Read<T>) =>
  // Typed as the text a form field holds, so react-hook-form knows the form's fields.
  z.transform((raw: string | undefined, ctx): T => {
    const result = read(raw);
    if (result.ok) return result.value;
    ctx.issues.push({ code: 'custom', message: result.message, input: raw });
    return z.NEVER;
  });

export const passNumberField = field(readPassNumber);
export const identityField = field(readIdentity);
export const mobileField = field(readMobile);
export const optionalMobileField = field(readOptionalMobile);
export const codeField = field(readCode);

/** 取得驗證碼 on the public dialog. */
export const publicIssueSchema = z.object({
  passNumber: passNumberField,
  identityNumber: identityField,
  mobile: mobileField,
});

/** 送出驗證碼 on the public dialog: the same triple plus the code. */
export const publicConfirmSchema = z.extend(publicIssueSchema, { code: codeField });

export type PublicIssueInput = z.output<typeof publicIssueSchema>;
export type PublicConfirmInput = z.output<typeof publicConfirmSchema>;

/** 取得驗證碼 on a pass page: the pass, and 修改手機號碼 (empty = 預設手機號碼). */
export const applicantIssueSchema = z.object({
  passNumber: passNumberField,
  changedMobile: optionalMobileField,
});

export type ApplicantIssueInput = z.output<typeof applicantIssueSchema>;

/** 送出驗證碼 on a pass page. */
export const applicantConfirmSchema = z.object({ passNumber: passNumberField, code: codeField });

export type ApplicantConfirmInput = z.output<typeof applicantConfirmSchema>;

/** Cancelling a pass's pending or locked code, with the reason kept in its history. */
export const cancelSchema = z.object({
  passNumber: passNumberField,
  reason: field(readReason),
});

export type CancelInput = z.output<typeof cancelSchema>;

/** The public form's one action: [取得驗證碼] (intent=issue) or [送出驗證碼] (intent=confirm). */
export const verifyFormSchema = z.discriminatedUnion(
  'intent',
  [
    // A form submitted with Enter names no intent: that is [取得驗證碼].
    z.extend(publicIssueSchema, { intent: z.optional(z.literal('issue')) }),
    z.extend(publicConfirmSchema, { intent: z.literal('confirm') }),
  ],
  // An intent no button sends: the form's general refusal.
  { error: 'refusal.invalidInput' },
);
