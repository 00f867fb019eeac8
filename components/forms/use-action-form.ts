'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { startTransition, useActionState, useEffect, useState } from 'react';
import {
  get,
  useForm,
  type DefaultValues,
  type FieldValues,
  type Path,
  type UseFormReturn,
} from 'react-hook-form';
import type * as z from 'zod/mini';
import { useText } from '@/components/client-text';
import type { ActionState } from '@/lib/web/action';
import type { FieldErrors } from '@/lib/schemas/field-errors';

/** What a form's action answers at least: a counter of answers, field messages, the fields. */
type FormAnswer = Pick<ActionState, 'nonce' | 'ok' | 'values'> & { fieldErrors?: FieldErrors };

/**
 * A form as the stack has it: a server action through `useActionState`, and react-hook-form with
 * the zod resolver on the action's own schema. With JavaScript, the browser checks first and
 * posts only a form that passes (the server checks again); without it, the form posts natively
 * and the page comes back with the action's answer and the fields as typed.
 *
 * Only the current answer shows: a browser check that refuses hides the previous server answer.
 */
export function useActionForm<
  S extends z.ZodMiniType<unknown, FieldValues>,
  State extends FormAnswer,
>(
  schema: S,
  action: (prev: Awaited<State>, data: FormData) => Promise<State>,
  initial: Awaited<State>,
  {
    defaults,
    resetOnSuccess = false,
    beforeCheck,
  }: {
    defaults?: DefaultValues<z.input<S>>;
    resetOnSuccess?: boolean;
    /** Runs before the browser's check, with the button that submitted (a form with two). */
    beforeCheck?: (
      submitter: HTMLButtonElement | null,
      form: UseFormReturn<z.input<S>, unknown, z.output<S>>,
    ) => void;
  } = {},
) {
  const [state, formAction, pending] = useActionState<State, FormData>(action, initial);
  // The page's first values: the defaults, or the fields as typed when the page came back from
  // a post without JavaScript.
  const [initialValues] = useState(() => ({ ...defaults, ...state.values }));
  const form = useForm<z.input<S>, unknown, z.output<S>>({
    resolver: zodResolver(schema),
    defaultValues: initialValues as DefaultValues<z.input<S>>,
    mode: 'onSubmit',
    reValidateMode: 'onChange',
  });
  const translate = useText();
  const [hiddenNonce, setHiddenNonce] = useState(-1);
  const answer: State | null = hiddenNonce === state.nonce ? null : state;

  useEffect(() => {
    if (resetOnSuccess && state.ok && state.nonce > 0) form.reset(defaults);
    // Only a new answer resets the fields.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [state.nonce]);

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const element = event.currentTarget;
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    beforeCheck?.(submitter, form);
    void form.handleSubmit(
      () => startTransition(() => formAction(new FormData(element, submitter))),
      () => setHiddenNonce(state.nonce),
    )(event);
  }

  /** A field's message: the browser's (a message key) while it refuses, else the server's. */
  function error(name: string): string | undefined {
    const fieldError: { message?: unknown } | undefined = get(form.formState.errors, name);
    const key = fieldError?.message;
    if (typeof key === 'string' && key) return translate.has(key) ? translate(key) : key;
    return answer?.fieldErrors?.[name];
  }

  /** An input's props: react-hook-form's, and its first value in the server's HTML. */
  function field(name: Path<z.input<S>>) {
    const value: unknown = get(initialValues, name);
    return { ...form.register(name), defaultValue: typeof value === 'string' ? value : undefined };
  }

  return { form, field, answer, state, pending, formAction, onSubmit, error };
}
