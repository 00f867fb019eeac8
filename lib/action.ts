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
 * Longest an action may take before the person gets the outage sentence: a database that is
 * restarting must not leave a request without an answer. Above the SMS timeout (8 s by default)
 * plus the database's connect timeout, so a slow but working send still completes.
 */
const ACTION_DEADLINE_MS = 14_000;

class DeadlineExceeded extends Error {
  override name = 'DeadlineExceeded';
}

/**
 * Runs an action body; an outage (database, provider) is logged with the request id and
 * answered with one sentence, never a stack trace, and so is a body still running at the
 * deadline. Next's redirects pass through.
 */
export async function guardOutage<T>(run: (ctx: ActionContext) => Promise<T>, onOutage: () => T | Promise<T>): Promise<T> {
  const ctx = requestContext(await headers());
  let timer: NodeJS.Timeout | undefined;
  try {
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new DeadlineExceeded('deadline')), ACTION_DEADLINE_MS);
    });
    return await Promise.race([run(ctx), deadline]);
  } catch (error) {
    unstable_rethrow(error);
    ctx.log.error({ err: { name: (error as Error)?.name, code: (error as { code?: string })?.code } }, 'action failed');
    return onOutage();
  } finally {
    clearTimeout(timer);
  }
}

/** A FormData field as a bounded string (FormData may hold files or nothing). */
export function formField(formData: FormData, name: string, max = 500): string {
  const v = formData?.get?.(name);
  return typeof v === 'string' ? v.slice(0, max) : '';
}
