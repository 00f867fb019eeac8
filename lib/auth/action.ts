import { guardOutage, type ActionContext } from '../action';
import { getServerI18n } from '../i18n/server';
import { getApplicant } from './auth';
import type { ApplicantUser } from './credentials';

export type ActionState = { ok?: boolean; message?: string; fieldErrors?: Partial<Record<string, string>>; nonce: number };

/**
 * The one wrapper for every dashboard action: loads the session first, so no action can forget
 * the check; a request without a session gets a refusal and touches nothing.
 */
export function applicantAction<S extends ActionState>(
  handler: (applicant: ApplicantUser, formData: FormData, ctx: ActionContext) => Promise<Omit<S, 'nonce'>>,
) {
  return async (prev: S, formData: FormData): Promise<S> => {
    const nonce = (prev?.nonce ?? 0) + 1;
    const { t } = await getServerI18n();
    return guardOutage(
      async (ctx) => {
        const applicant = await getApplicant();
        if (!applicant) return { ...prev, ok: false, message: t('refusal.signedOut'), nonce } as S;
        return { ...(await handler(applicant, formData, ctx)), nonce } as S;
      },
      () => ({ ...prev, ok: false, message: t('refusal.unavailable'), fieldErrors: undefined, nonce }) as S,
    );
  };
}
