'use client';

import type * as z from 'zod/mini';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button, buttonClass, Field } from '@/components/ui/field';
import type { ActionState } from '@/lib/web/action';
import { CONSOLE_FORMS, type ConsoleFormName } from '@/lib/schemas/console';

export interface FormField {
  name: string;
  label: string;
  type?: string;
  required?: boolean;
  autoComplete?: string;
}

type FormSchema = z.ZodMiniType<unknown, Record<string, string | undefined>>;
const initial: ActionState = { nonce: 0 };

/**
 * A console form posting to one operator action, checked first in the browser with the schema
 * the action parses with (named by `schema`: a server page cannot hand a schema to the client).
 * Without JavaScript it posts natively and the action's answer shows in place. With `confirm`,
 * the submit button sits behind a first click that shows that sentence (no script needed).
 */
export function ActionForm({
  action,
  schema,
  fields,
  submit,
  testId,
  confirm,
}: {
  action: (prev: ActionState, data: FormData) => Promise<ActionState>;
  schema: ConsoleFormName;
  fields: FormField[];
  submit: string;
  testId: string;
  confirm?: { text: string; submit: string };
}) {
  const formSchema: FormSchema = CONSOLE_FORMS[schema];
  const { field, answer, pending, formAction, onSubmit, error } = useActionForm(
    formSchema,
    action,
    initial,
    { resetOnSuccess: true },
  );
  const button = (label: string) => (
    <Button type="submit" disabled={pending}>
      {label}
    </Button>
  );
  return (
    <form
      action={formAction}
      onSubmit={onSubmit}
      noValidate
      data-testid={testId}
      className="max-w-md space-y-3"
    >
      {fields.map((f) => (
        <Field
          key={f.name}
          id={`${testId}-${f.name}`}
          label={f.label}
          type={f.type ?? 'text'}
          required={f.required}
          autoComplete={f.autoComplete ?? 'off'}
          error={error(f.name)}
          {...field(f.name)}
        />
      ))}
      {confirm ? (
        <details>
          <summary className={buttonClass('secondary', 'cursor-pointer')}>{submit}</summary>
          <div className="mt-3 space-y-3 rounded-md border border-red-700 bg-red-50 p-3">
            <p className="text-sm text-red-900">{confirm.text}</p>
            {button(confirm.submit)}
          </div>
        </details>
      ) : (
        button(submit)
      )}
      {answer?.message && (
        <p
          role="status"
          data-testid={`${testId}-message`}
          className={answer.ok ? 'text-green-800' : 'font-medium text-red-700'}
        >
          {answer.message}
        </p>
      )}
    </form>
  );
}
