import { z } from 'zod';
import { readIdentity } from './fields';
import { normaliseText } from '../text';
import { MESSAGES } from './messages';
import { optionalMobileField } from './verification';

/** 人員資料 form: creating or editing validates the identity number fully (format and check digit). */
export const personSchema = z.object({
  identityNumber: z.unknown().transform((raw, ctx) => {
    const read = readIdentity(raw);
    if (read.ok) return read.value;
    ctx.addIssue({ code: 'custom', message: read.message });
    return z.NEVER;
  }),
  name: z
    .unknown()
    .transform(normaliseText)
    .pipe(z.string().min(1, MESSAGES.nameRequired).max(50, MESSAGES.nameTooLong)),
  mobile: optionalMobileField,
});

// Only plain decimal ids: Number() would also read '0x1', '1e0' or ' 1 ' as 1.
export const personIdSchema = z
  .union([
    z.number().int(),
    z
      .string()
      .regex(/^[1-9]\d{0,9}$/)
      .transform(Number),
  ])
  .pipe(z.number().int().positive().max(2_147_483_647));

/** Editing a record: the identity number is fixed, the id names the row. */
export const personUpdateSchema = personSchema.omit({ identityNumber: true });

/** The person forms' actions: which record (edit, delete) and its fields. */
export const personFormSchema = personSchema;
export const personEditFormSchema = personUpdateSchema.extend({ id: personIdSchema });
export const personDeleteFormSchema = z.object({ id: personIdSchema });
