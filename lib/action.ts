import { headers } from 'next/headers';
import { unstable_rethrow } from 'next/navigation';
import type { Logger } from 'pino';
import { requestContext } from './request-context';

// What every server action shares, public or signed in.

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

/** A FormData field as a bounded string (FormData may hold files or nothing). */
export function formField(formData: FormData, name: string, max = 500): string {
  const v = formData?.get?.(name);
  return typeof v === 'string' ? v.slice(0, max) : '';
}
