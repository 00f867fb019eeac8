import { headers } from 'next/headers';
import { notFound, unstable_rethrow } from 'next/navigation';
import type { Logger } from 'pino';
import * as z from 'zod/mini';
import { getApplicant, getOperator, type ApplicantSignIn, type OperatorSignIn } from '../auth/auth';
import { getServerI18n } from '../i18n/server';
import { requestContext } from './request-context';
import { withDeadline, type DeadlineScope } from './deadline';
import { toFieldErrors, type FieldErrors } from '../schemas/field-errors';

// Every form's server action — public or signed in — goes through one of the wrappers below, each
// taking the action's zod schema: a reader sees the input where the action is, and no action can
// forget to validate it, to check the session, or to answer an outage with a sentence. Three
// actions take no form of this kind and stand alone: the language switcher (app/actions.ts), the
// second factor's step (lib/auth/second-factor-action.ts: a pending sign-in, not a session, with
// its own parse and guardOutage) and sign-out (components/sign-out-button.tsx).

export interface ActionContext {
  ip: string | null;
  log: Logger;
  /** The action's deadline: the engine publishes an SMS through it (lib/web/deadline.ts). */
  deadline: DeadlineScope;
}

type I18n = Awaited<ReturnType<typeof getServerI18n>>;

/** The state of a form: a sentence, field messages, and a counter of answers. */
export type ActionState = {
  ok?: boolean;
  message?: string;
  fieldErrors?: FieldErrors;
  /** The fields as typed (never a password or a code), for the page rendered without JavaScript. */
  values?: Record<string, string>;
  nonce: number;
};

/**
 * Longest an action may take before the person gets the outage sentence: a database that is
 * restarting must not leave a request without an answer. At the deadline the work is cancelled,
 * not abandoned: an SMS not yet handed to the provider is never sent, one being handed is
 * aborted, and one the provider took is answered as sent (lib/web/deadline.ts).
 */
const ACTION_DEADLINE_MS = 14_000;

/**
 * Runs an action body; an outage (database, provider) is logged with the request id and
 * answered with one sentence, never a stack trace, and so is a body the deadline cancelled.
 * Next's redirects pass through.
 */
export async function guardOutage<T>(
  run: (ctx: ActionContext) => Promise<T>,
  onOutage: () => T | Promise<T>,
): Promise<T> {
  const request = requestContext(await headers());
  const outage = (error: unknown) => {
    request.log.error(
      { err: { name: (error as Error)?.name, code: (error as { code?: string })?.code } },
      'action failed',
    );
    return onOutage();
  };
  try {
    return await withDeadline(
      ACTION_DEADLINE_MS,
      (deadline) => run({ ...request, deadline }),
      () => outage({ name: 'DeadlineExceeded' }),
    );
  } catch (error) {
    unstable_rethrow(error);
    return outage(error);
  }
}

/**
 * The posted form's text fields (files ignored), each bounded against oversized posts. A script
 * may post an action any argument React can encode (a Map, an array): anything but a form has no
 * fields, and the schema then says what is missing.
 */
export function readForm(formData: unknown): Record<string, string> {
  const fields: Record<string, string> = {};
  if (!(formData instanceof FormData)) return fields;
  for (const [name, value] of formData.entries()) {
    if (typeof value === 'string' && !name.startsWith('$ACTION'))
      fields[name] = value.slice(0, 1000);
  }
  return fields;
}

type Answer<State> = Omit<State, 'nonce'>;

/** Fields never sent back to the page, even as typed. */
const SECRET_FIELDS = new Set(['password', 'code']);

/**
 * A refused form comes back with its fields as typed (the page rendered without JavaScript shows
 * them again); an accepted one starts empty.
 */
function withTyped<State extends ActionState>(answer: State, raw: Record<string, string>): State {
  if (answer.ok) return answer;
  const values = Object.fromEntries(
    Object.entries(raw).filter(([name]) => !SECRET_FIELDS.has(name)),
  );
  return { ...answer, values };
}

/**
 * A public action: the form parsed with `schema`; invalid input is answered by `invalid` and
 * never reaches the body; an outage by `outage`.
 */
export function publicAction<S extends z.core.$ZodType, State extends { nonce: number }>(
  schema: S,
  body: (
    input: z.output<S>,
    ctx: ActionContext & { prev: State; raw: Record<string, string>; i18n: I18n },
  ) => Promise<Answer<State>>,
  answers: {
    invalid: (
      fieldErrors: FieldErrors,
      ctx: { prev: State; raw: Record<string, string>; i18n: I18n },
    ) => Answer<State>;
    outage: (ctx: { prev: State; raw: Record<string, string>; i18n: I18n }) => Answer<State>;
  },
) {
  return async (prev: State, formData: FormData): Promise<State> => {
    const nonce = (prev?.nonce ?? 0) + 1;
    const raw = readForm(formData);
    const i18n = await getServerI18n();
    const parsed = z.safeParse(schema, raw);
    if (!parsed.success) {
      const fieldErrors = i18n.fieldErrors(toFieldErrors(parsed.error)) ?? {};
      return { ...answers.invalid(fieldErrors, { prev, raw, i18n }), nonce } as State;
    }
    return guardOutage(
      async (ctx) =>
        ({ ...(await body(parsed.data, { ...ctx, prev, raw, i18n })), nonce }) as State,
      () => ({ ...answers.outage({ prev, raw, i18n }), nonce }) as State,
    );
  };
}

/**
 * A dashboard action: the session first (a request without one, or with a sign-in still waiting
 * for its second factor, gets a refusal and touches nothing: getApplicant), then the form parsed
 * with `schema`, then the body, inside the outage guard.
 */
export function applicantAction<S extends z.core.$ZodType, State extends ActionState = ActionState>(
  schema: S,
  body: (
    input: z.output<S>,
    applicant: ApplicantSignIn,
    ctx: ActionContext & { i18n: I18n },
  ) => Promise<Answer<State>>,
) {
  return async (prev: State, formData: FormData): Promise<State> => {
    const nonce = (prev?.nonce ?? 0) + 1;
    const raw = readForm(formData);
    const i18n = await getServerI18n();
    return guardOutage(
      async (ctx) => {
        const applicant = await getApplicant();
        if (!applicant)
          return {
            ...prev,
            ok: false,
            message: i18n.t('refusal.signedOut'),
            fieldErrors: undefined,
            nonce,
          } as State;
        const parsed = parseForm(schema, raw, i18n);
        if (!parsed.ok) return withTyped({ ...parsed.refusal, nonce } as State, raw);
        const answer = await body(parsed.data, applicant, { ...ctx, i18n });
        return withTyped({ ...answer, nonce } as State, raw);
      },
      () => withTyped({ ...prev, ...unavailable(i18n), nonce } as State, raw),
    );
  };
}

/** A signed-in form's input, or its refusal: the sentence and each field's message. */
function parseForm<S extends z.core.$ZodType>(schema: S, raw: Record<string, string>, i18n: I18n) {
  const parsed = z.safeParse(schema, raw);
  if (parsed.success) return { ok: true as const, data: parsed.data as z.output<S> };
  return {
    ok: false as const,
    refusal: {
      ok: false,
      message: i18n.t('refusal.invalidInput'),
      fieldErrors: i18n.fieldErrors(toFieldErrors(parsed.error)),
    },
  };
}

/** The outage sentence of a signed-in form. */
const unavailable = (i18n: I18n) => ({
  ok: false,
  message: i18n.t('refusal.unavailable'),
  fieldErrors: undefined,
});

/**
 * A console action: anyone but an operator past the second factor gets 404, as for the console's
 * pages (an applicant must not even learn that the action exists); then the form parsed with
 * `schema`, then the body, inside the outage guard.
 */
export function operatorAction<S extends z.core.$ZodType, State extends ActionState = ActionState>(
  schema: S,
  body: (
    input: z.output<S>,
    operator: OperatorSignIn,
    ctx: ActionContext & { i18n: I18n },
  ) => Promise<Answer<State>>,
) {
  return async (prev: State, formData: FormData): Promise<State> => {
    const operator = await getOperator();
    if (!operator) notFound();
    const nonce = (prev?.nonce ?? 0) + 1;
    const i18n = await getServerI18n();
    const raw = readForm(formData);
    const parsed = parseForm(schema, raw, i18n);
    if (!parsed.ok) return withTyped({ ...parsed.refusal, nonce } as State, raw);
    return guardOutage(
      async (ctx) =>
        withTyped(
          { ...(await body(parsed.data, operator, { ...ctx, i18n })), nonce } as State,
          raw,
        ),
      () => withTyped({ ...prev, ...unavailable(i18n), nonce } as State, raw),
    );
  };
}
