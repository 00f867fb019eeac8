'use client';

import { useTranslations } from 'next-intl';
import { useActionState } from 'react';
import { Button, Field } from '@/components/ui/field';
import type { ActionState } from '@/lib/action';
import { createPersonAction, deletePersonAction, updatePersonAction } from '../actions';

interface Props {
  person?: { id: number; identityNumber: string; name: string; mobile: string | null };
  prefill?: { identityNumber: string; name: string };
}

export function PersonForm({ person, prefill }: Props) {
  const t = useTranslations('dashboard');
  const [state, action, pending] = useActionState(
    person ? updatePersonAction : createPersonAction,
    { nonce: 0 } as ActionState,
  );
  const [deleteState, remove, deleting] = useActionState(deletePersonAction, {
    nonce: 0,
  } as ActionState);
  return (
    <div className="space-y-6">
      <form action={action} className="max-w-md space-y-4">
        {person && <input type="hidden" name="id" value={person.id} />}
        <Field
          label={t('identityNumber')}
          name="identityNumber"
          required
          autoCapitalize="characters"
          readOnly={Boolean(person)}
          defaultValue={person?.identityNumber ?? prefill?.identityNumber}
          error={state.fieldErrors?.identityNumber}
        />
        <Field
          label={t('name')}
          name="name"
          required
          defaultValue={person?.name ?? prefill?.name}
          error={state.fieldErrors?.name}
        />
        <Field
          label={t('mobile')}
          name="mobile"
          type="tel"
          inputMode="tel"
          defaultValue={person?.mobile ?? ''}
          error={state.fieldErrors?.mobile}
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
