import { getApplicant } from './auth';
import type { ApplicantUser } from './credentials';

export type ActionState = { ok?: boolean; message?: string; fieldErrors?: Partial<Record<string, string>>; nonce: number };

export const SIGNED_OUT: Omit<ActionState, 'nonce'> = { ok: false, message: '登入逾時,請重新登入。' };

/**
 * The one wrapper for every dashboard action: loads the session first, so no action can forget
 * the check; a request without a session gets a refusal and touches nothing.
 */
export function applicantAction<S extends ActionState>(
  handler: (applicant: ApplicantUser, formData: FormData, prev: S) => Promise<Omit<S, 'nonce'>>,
) {
  return async (prev: S, formData: FormData): Promise<S> => {
    const applicant = await getApplicant();
    const nonce = (prev?.nonce ?? 0) + 1;
    if (!applicant) return { ...prev, ...SIGNED_OUT, nonce } as S;
    return { ...(await handler(applicant, formData, prev)), nonce } as S;
  };
}

/** A FormData field as a bounded string (FormData may hold files or nothing). */
export function formField(formData: FormData, name: string, max = 500): string {
  const v = formData.get(name);
  return typeof v === 'string' ? v.slice(0, max) : '';
}
