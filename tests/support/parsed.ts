import * as z from 'zod/mini';
import { toFieldErrors, type FieldErrors } from '@/lib/schemas/field-errors';
import {
  applicantConfirmSchema,
  applicantIssueSchema,
  cancelSchema,
  publicConfirmSchema,
  publicIssueSchema,
  type ApplicantConfirmInput,
  type ApplicantIssueInput,
  type CancelInput,
  type PublicConfirmInput,
  type PublicIssueInput,
} from '@/lib/schemas/verification';
import * as persons from '@/lib/domain/persons';
import { personSchema, type PersonInput } from '@/lib/schemas/persons';
import type { Db } from '@/db/client';
import * as engine from '@/lib/verification';
import type { EngineDeps } from '@/lib/verification';

// The engine and 人員資料 as the server actions call them: the typed fields parsed by the form's
// own schema first, invalid input answered with field messages and never reaching the database.
// The tests give fields as a person types them (with dashes, spaces, lower case, or hostile text).
// A public request given no client address has none (no per-client rate), as the engine allows.

type Typed<T> = { [K in keyof T]?: string };
type Invalid = { ok: false; reason: 'invalid-input'; fieldErrors: FieldErrors };

function parsed<S extends z.ZodMiniType, T>(
  schema: S,
  fields: unknown,
  run: (input: z.output<S>) => Promise<T>,
): Promise<T | Invalid> {
  const result = z.safeParse(schema, fields);
  if (!result.success)
    return Promise.resolve({
      ok: false,
      reason: 'invalid-input',
      fieldErrors: toFieldErrors(result.error),
    });
  return run(result.data);
}

type PublicIssue = { channel: 'public'; ip?: string | null } & Typed<PublicIssueInput>;
type ApplicantIssue = {
  channel: 'applicant';
  accountId: number;
  companyId: number;
} & Typed<ApplicantIssueInput>;

export function issueCode(
  deps: EngineDeps,
  request: (PublicIssue | ApplicantIssue) & Pick<engine.IssueRequest, 'deadline' | 'locale'>,
) {
  if (request.channel === 'public')
    return parsed(publicIssueSchema, request, (fields) =>
      engine.issueCode(deps, { ...request, ...fields, ip: request.ip ?? null }),
    );
  return parsed(applicantIssueSchema, request, (fields) =>
    engine.issueCode(deps, { ...request, ...fields }),
  );
}

type PublicConfirm = { channel: 'public'; ip?: string | null } & Typed<PublicConfirmInput>;
type ApplicantConfirm = { channel: 'applicant'; companyId: number } & Typed<ApplicantConfirmInput>;

export function confirmCode(
  deps: EngineDeps,
  request: (PublicConfirm | ApplicantConfirm) & Pick<engine.ConfirmRequest, 'deadline'>,
) {
  if (request.channel === 'public')
    return parsed(publicConfirmSchema, request, (fields) =>
      engine.confirmCode(deps, { ...request, ...fields, ip: request.ip ?? null }),
    );
  return parsed(applicantConfirmSchema, request, (fields) =>
    engine.confirmCode(deps, { ...request, ...fields }),
  );
}

export function cancelPendingCode(
  deps: EngineDeps,
  request: { companyId: number; accountId: number } & Typed<CancelInput>,
) {
  return parsed(cancelSchema, request, (fields) =>
    engine.cancelPendingCode(deps, { ...request, ...fields }),
  );
}

export function createPerson(db: Db, by: persons.PersonEditor, fields: Typed<PersonInput>) {
  return parsed(personSchema, fields, (input) => persons.createPerson(db, by, input));
}
