import * as z from 'zod/mini';
import { normaliseText } from '../values/text';
import { readIdentity, readPassNumber } from './fields';
import { MESSAGES } from './messages';
import { optionalMobileField } from './verification';

// The 人員資料 forms: their server actions parse with these, and the browser checks with them
// first (react-hook-form's zod resolver). Pure module, no server imports.

/** 人員資料 form: creating one validates the identity number fully (format and check digit). */
export const personSchema = z.object({
  identityNumber: z.transform((raw: string | undefined, ctx) => {
    const read = readIdentity(raw);
    if (read.ok) return read.value;
    ctx.issues.push({ code: 'custom', message: read.message, input: raw });
    return z.NEVER;
  }),
  name: z.pipe(
    z.transform((raw: string | undefined) => normaliseText(raw)),
    z.string().check(z.minLength(1, MESSAGES.nameRequired), z.maxLength(50, MESSAGES.nameTooLong)),
  ),
  mobile: optionalMobileField,
});

export type PersonInput = z.output<typeof personSchema>;

// Only plain decimal ids: Number() would also read '0x1', '1e0' or ' 1 ' as 1.
// Anything else names no record: the person form's refusal, in the page's language.
export const personIdSchema = z.pipe(
  z.union(
    [
      z.number().check(z.int()),
      z.pipe(z.string().check(z.regex(/^[1-9]\d{0,9}$/)), z.transform(Number)),
    ],
    { error: 'refusal.personNotFound' },
  ),
  z
    .number()
    .check(
      z.int({ error: 'refusal.personNotFound' }),
      z.positive({ error: 'refusal.personNotFound' }),
      z.maximum(2_147_483_647, { error: 'refusal.personNotFound' }),
    ),
);

/** Editing a record: the identity number is fixed, the id names the row. */
export const personUpdateSchema = z.omit(personSchema, { identityNumber: true });

export type PersonUpdateInput = z.output<typeof personUpdateSchema>;

/** The pass page a new record was added from (提醒 4), to go back to; anything else: none. */
const returnPassField = z.transform((raw: string | undefined) => {
  const read = readPassNumber(raw);
  return read.ok ? read.value : null;
});

/** The person forms' actions: which record (edit, delete) and its fields. */
export const personFormSchema = z.extend(personSchema, { returnPass: returnPassField });
export const personEditFormSchema = z.extend(personUpdateSchema, { id: personIdSchema });
export const personDeleteFormSchema = z.object({ id: personIdSchema });
