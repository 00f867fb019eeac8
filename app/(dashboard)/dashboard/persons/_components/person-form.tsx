'use client';

import { useActionState } from 'react';
import { useText } from '@/components/client-text';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button, buttonClass, Field } from '@/components/ui/field';
import type { ActionState } from '@/lib/web/action';
import { personEditFormSchema, personFormSchema } from '@/lib/schemas/persons';
import { createPersonAction, deletePersonAction, updatePersonAction } from '../actions';

const initial: ActionState = { nonce: 0 };

interface Props {
  person?: { id: number; identityNumber: string; name: string; mobile: string | null };
  prefill?: { identityNumber: string; name: string };
  /** The pass page this record is added from (提醒 4): saving goes back there. */
  returnPass?: string;
}

export function PersonForm({ person, prefill, returnPass }: Props) {
  return person ? (
    <EditPersonForm person={person} />
  ) : (
    <NewPersonForm prefill={prefill} returnPass={returnPass} />
  );
}

function NewPersonForm({ prefill, returnPass }: Omit<Props, 'person'>) {
  const t = useText('dashboard');
  const { field, answer, pending, formAction, onSubmit, error } = useActionForm(
    personFormSchema,
    createPersonAction,
    initial,
    {
      defaults: {
        identityNumber: prefill?.identityNumber ?? '',
        name: prefill?.name ?? '',
        mobile: '',
        returnPass: returnPass ?? '',
      },
    },
  );
  return (
    <form action={formAction} onSubmit={onSubmit} noValidate className="max-w-md space-y-4">
      <input type="hidden" {...field('returnPass')} />
      <Field
        label={t('identityNumber')}
        required
        autoCapitalize="characters"
        error={error('identityNumber')}
        {...field('identityNumber')}
      />
      <NameMobileSave field={field} error={error} message={answer?.message} pending={pending} />
    </form>
  );
}

function EditPersonForm({ person }: { person: NonNullable<Props['person']> }) {
  const t = useText('dashboard');
  const { field, answer, pending, formAction, onSubmit, error } = useActionForm(
    personEditFormSchema,
    updatePersonAction,
    initial,
    { defaults: { id: String(person.id), name: person.name, mobile: person.mobile ?? '' } },
  );
  const [deleteState, remove, deleting] = useActionState(deletePersonAction, initial);
  return (
    <div className="space-y-6">
      <form action={formAction} onSubmit={onSubmit} noValidate className="max-w-md space-y-4">
        <input type="hidden" {...field('id')} />
        <div>
          <p className="font-semibold text-slate-800">{t('identityNumber')}</p>
          <p data-testid="identity-fixed" className="mt-1 font-mono text-lg">
            {person.identityNumber}
          </p>
          <p className="mt-1 text-sm text-slate-600">{t('identityFixed')}</p>
        </div>
        <NameMobileSave
          field={field}
          error={error}
          message={answer?.message}
          pending={pending}
          mobileHint={t('editMobileNote')}
        />
      </form>
      {/* Two steps, without JavaScript too: the first click only opens the confirmation. */}
      <details className="max-w-md border-t border-slate-200 pt-4">
        <summary className={buttonClass('secondary', 'cursor-pointer')}>
          {t('deletePerson')}
        </summary>
        <form
          action={remove}
          className="mt-3 space-y-3 rounded-md border border-red-700 bg-red-50 p-3"
        >
          <input type="hidden" name="id" value={person.id} />
          <p className="text-sm text-red-900">{t('deleteConfirmText')}</p>
          <Button type="submit" disabled={deleting}>
            {t('deleteConfirm')}
          </Button>
          <Refusal message={deleteState.message} />
        </form>
      </details>
    </div>
  );
}

/** 姓名, 手機號碼, the refusal and [儲存]: the same in both forms. */
function NameMobileSave({
  field,
  error,
  message,
  pending,
  mobileHint,
}: {
  field: (
    name: 'name' | 'mobile',
  ) => React.InputHTMLAttributes<HTMLInputElement> & { name: string };
  error: (name: string) => string | undefined;
  message?: string;
  pending: boolean;
  mobileHint?: string;
}) {
  const t = useText('dashboard');
  return (
    <>
      <Field label={t('name')} required error={error('name')} {...field('name')} />
      <Field
        label={t('mobile')}
        type="tel"
        inputMode="tel"
        hint={mobileHint}
        error={error('mobile')}
        {...field('mobile')}
      />
      <Refusal message={message} />
      <Button type="submit" disabled={pending}>
        {t('save')}
      </Button>
    </>
  );
}

function Refusal({ message }: { message?: string }) {
  if (!message) return null;
  return (
    <p role="alert" className="rounded-md border border-red-700 bg-red-50 p-3 text-red-900">
      {message}
    </p>
  );
}
