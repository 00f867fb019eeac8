import * as z from 'zod/mini';
import type { ActionState } from '../web/action';
import { normaliseText } from '../values/text';

// The second factor's form, for operators (the console) and applicants (the dashboard): one
// schema shape, each with its own area's message; pure module, no server imports.

/** Whose second factor a form serves. */
export type SecondFactorKind = 'operator' | 'applicant';

/** A 6-digit TOTP code or a recovery code (xxxxx-xxxxx), spaces ignored. */
const secondFactorSchemaWith = (message: string) =>
  z.object({
    code: z.pipe(
      z.transform((raw: string | undefined) => normaliseText(raw).replace(/\s/g, '')),
      z.string().check(z.regex(/^(\d{6}|[0-9a-vA-V]{5}-?[0-9a-vA-V]{5})$/, message)),
    ),
  });

/** Each area's schema, so a server page can name the one its client form checks with. */
export const SECOND_FACTOR_SCHEMAS = {
  operator: secondFactorSchemaWith('console.validation.code'),
  applicant: secondFactorSchemaWith('dashboard.secondFactor.codeFormat'),
} as const;

/** Where each area's second-factor texts are (messages/*.json). */
export const SECOND_FACTOR_TEXT = {
  operator: 'console.secondFactor',
  applicant: 'dashboard.secondFactor',
} as const satisfies Record<SecondFactorKind, string>;

/** A second-factor form's answer: a message at the code field, or the recovery codes shown once. */
export interface SecondFactorState extends ActionState {
  recoveryCodes?: string[];
}
