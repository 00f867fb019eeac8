import type { core } from 'zod/mini';

/** Field errors as { field: first message }, the shape every form shows. */
export type FieldErrors = Partial<Record<string, string>>;

export function toFieldErrors(error: core.$ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? 'form');
    out[key] ??= issue.message;
  }
  return out;
}
