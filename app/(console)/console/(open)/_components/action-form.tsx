'use client';

import { useActionState } from 'react';
import { Button, Field } from '@/components/ui/field';
import type { ActionState } from '@/lib/action';

export interface FormField {
  name: string;
  label: string;
  type?: string;
  required?: boolean;
  value?: string;
  autoComplete?: string;
}

/**
 * A console form posting to one operator action; it works without JavaScript, and the action's
 * answer (a sentence, field messages from the shared schema) is shown in place. No zod in the
 * browser here: sharing it with the public pages' chunk would split that chunk and make the
 * public pages heavier.
 */
export function ActionForm({
  action,
  fields,
  submit,
  testId,
  compact,
}: {
  action: (prev: ActionState, data: FormData) => Promise<ActionState>;
  fields: FormField[];
  submit: string;
  testId: string;
  compact?: boolean;
}) {
  const [state, run, pending] = useActionState(action, { nonce: 0 } as ActionState);
  return (
    <form
      action={run}
      noValidate
      data-testid={testId}
      className={compact ? 'flex flex-wrap items-end gap-2' : 'max-w-md space-y-3'}
    >
      {fields.map((f) =>
        f.type === 'hidden' ? (
          <input key={f.name} type="hidden" name={f.name} value={f.value} />
        ) : (
          <Field
            key={f.name}
            id={`${testId}-${f.name}`}
            name={f.name}
            label={f.label}
            type={f.type ?? 'text'}
            required={f.required}
            autoComplete={f.autoComplete ?? 'off'}
            defaultValue={f.value}
            error={state.fieldErrors?.[f.name]}
          />
        ),
      )}
      <Button type="submit" disabled={pending} variant={compact ? 'secondary' : 'primary'}>
        {submit}
      </Button>
      {state.message && (
        <p
          role="status"
          data-testid={`${testId}-message`}
          className={state.ok ? 'text-green-800' : 'font-medium text-red-700'}
        >
          {state.message}
        </p>
      )}
    </form>
  );
}
