'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useText } from '@/components/client-text';
import { startTransition, useActionState, useRef } from 'react';
import { useForm, type Resolver } from 'react-hook-form';
import { Button, Field } from '@/components/ui/field';
import type { ActionState } from '@/lib/action';
import { personSchema, personUpdateSchema } from '@/lib/schemas/persons';
import { createPersonAction, deletePersonAction, updatePersonAction } from '../actions';

type Values = { identityNumber: string; name: string; mobile: string };

// The same schemas as the server's actions: the browser shows the same messages before posting.
const createResolver = zodResolver(personSchema) as unknown as Resolver<Values>;
const updateResolver = zodResolver(personUpdateSchema) as unknown as Resolver<Values>;

interface Props {
  person?: { id: number; identityNumber: string; name: string; mobile: string | null };
  prefill?: { identityNumber: string; name: string };
}

export function PersonForm({ person, prefill }: Props) {
  const t = useText('dashboard');
  const translate = useText();
  const formRef = useRef<HTMLFormElement>(null);
  const [state, action, pending] = useActionState(
    person ? updatePersonAction : createPersonAction,
    { nonce: 0 } as ActionState,
  );
  const [deleteState, remove, deleting] = useActionState(deletePersonAction, {
    nonce: 0,
  } as ActionState);
  const form = useForm<Values>({
    resolver: person ? updateResolver : createResolver,
    defaultValues: {
      identityNumber: person?.identityNumber ?? prefill?.identityNumber ?? '',
      name: person?.name ?? prefill?.name ?? '',
      mobile: person?.mobile ?? '',
    },
    mode: 'onSubmit',
    reValidateMode: 'onChange',
  });
  // Client-side messages are translation keys; the server's are already in the page's language.
  const error = (name: keyof Values) => {
    const key = form.formState.errors[name]?.message;
    return key ? (translate.has(key) ? translate(key) : key) : state.fieldErrors?.[name];
  };
  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void form.handleSubmit(() => {
      const data = new FormData(formRef.current!);
      startTransition(() => action(data));
    })(event);
  }
  return (
    <div className="space-y-6">
      <form
        ref={formRef}
        action={action}
        onSubmit={onSubmit}
        noValidate
        className="max-w-md space-y-4"
      >
        {person && <input type="hidden" name="id" value={person.id} />}
        <Field
          label={t('identityNumber')}
          required
          autoCapitalize="characters"
          readOnly={Boolean(person)}
          error={error('identityNumber')}
          {...form.register('identityNumber')}
        />
        <Field label={t('name')} required error={error('name')} {...form.register('name')} />
        <Field
          label={t('mobile')}
          type="tel"
          inputMode="tel"
          error={error('mobile')}
          {...form.register('mobile')}
        />
        {state.message && (
          <p role="alert" className="rounded-md border border-red-700 bg-red-50 p-3 text-red-900">
            {state.message}
          </p>
        )}
        <Button type="submit" disabled={pending}>
          {t('save')}
        </Button>
      </form>
      {person && (
        <form action={remove} className="border-t border-slate-200 pt-4">
          <input type="hidden" name="id" value={person.id} />
          <p className="mb-2 text-sm text-slate-700">{t('deleteNote')}</p>
          <Button type="submit" variant="secondary" disabled={deleting}>
            {t('deletePerson')}
          </Button>
          {deleteState.message && (
            <p role="alert" className="mt-2 text-red-800">
              {deleteState.message}
            </p>
          )}
        </form>
      )}
    </div>
  );
}
