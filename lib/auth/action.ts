import { headers } from 'next/headers';
import { unstable_rethrow } from 'next/navigation';
import type { Logger } from 'pino';
import { getTranslations } from 'next-intl/server';
import { requestContext } from '../request-context';
import { getApplicant } from './auth';
import type { ApplicantUser } from './credentials';

export type ActionState = { ok?: boolean; message?: string; fieldErrors?: Partial<Record<string, string>>; nonce: number };


export interface ActionContext {
  ip: string | null;
  log: Logger;
}

/**
 * Runs an action body; an outage (database, provider) is logged with the request id and
 * answered with one sentence, never a stack trace. Next's redirects pass through.
 */
export async function guardOutage<T>(run: (ctx: ActionContext) => Promise<T>, onOutage: () => T | Promise<T>): Promise<T> {
  const ctx = requestContext(await headers());
  try {
    return await run(ctx);
  } catch (error) {
    unstable_rethrow(error);
    ctx.log.error({ err: { name: (error as Error)?.name, code: (error as { code?: string })?.code } }, 'action failed');
    return onOutage();
  }
}

/**
 * The one wrapper for every dashboard action: loads the session first, so no action can forget
 * the check; a request without a session gets a refusal and touches nothing.
 */
export function applicantAction<S extends ActionState>(
  handler: (applicant: ApplicantUser, formData: FormData, ctx: ActionContext) => Promise<Omit<S, 'nonce'>>,
) {
  return async (prev: S, formData: FormData): Promise<S> => {
    const nonce = (prev?.nonce ?? 0) + 1;
    return guardOutage(
      async (ctx) => {
        const applicant = await getApplicant();
        if (!applicant) return { ...prev, ok: false, message: await translate('refusal.signedOut'), nonce } as S;
        return { ...(await handler(applicant, formData, ctx)), nonce } as S;
      },
      async () => ({ ...prev, ok: false, message: await translate('refusal.unavailable'), fieldErrors: undefined, nonce }) as S,
    );
  };
}

/** A FormData field as a bounded string (FormData may hold files or nothing). */
export function formField(formData: FormData, name: string, max = 500): string {
  const v = formData?.get?.(name);
  return typeof v === 'string' ? v.slice(0, max) : '';
}

async function translate(key: string): Promise<string> {
  try {
    return (await getTranslations())(key);
  } catch {
    return key;
  }
}
